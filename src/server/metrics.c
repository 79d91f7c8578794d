/*
 * metrics.c — counters for GET /metrics, in Prometheus' text format.
 *
 * Requests are counted by route and status, their durations in one
 * histogram per route; uploads by outcome.  The gauges (store size, rule
 * set and list versions) are added by the route from what it reads.  One
 * mutex: a few hundred requests a second hold it for nanoseconds.
 */
#include "server/server-int.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static const unsigned statuses[] = {200, 201, 400, 401, 403, 404, 405, 413, 415, 429, 500, 503};
#define NSTATUS (sizeof statuses / sizeof *statuses)
static const double buckets[] = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
				 0.1,   0.25,   0.5,   1,    2.5,   5, 10};
#define NBUCKET (sizeof buckets / sizeof *buckets)

struct metrics {
	pthread_mutex_t mu;
	uint64_t requests[ROUTE__COUNT][NSTATUS + 1]; /* last: any other status */
	uint64_t hist[ROUTE__COUNT][NBUCKET + 1];     /* last: +Inf */
	double sum[ROUTE__COUNT];
	uint64_t uploads[UP__COUNT];
};

static const char *const upload_names[] = {"new_host", "changed", "unchanged", "rejected",
					   "failed"};

struct metrics *metrics_new(void)
{
	struct metrics *m = xcalloc(1, sizeof *m);
	pthread_mutex_init(&m->mu, NULL);
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	pthread_mutex_destroy(&m->mu);
	free(m);
}

void metrics_request(struct metrics *m, enum route r, unsigned status, double seconds)
{
	size_t si = 0, bi = 0;
	while (si < NSTATUS && statuses[si] != status)
		si++;
	while (bi < NBUCKET && seconds > buckets[bi])
		bi++;
	pthread_mutex_lock(&m->mu);
	m->requests[r][si]++;
	m->hist[r][bi]++;
	m->sum[r] += seconds;
	pthread_mutex_unlock(&m->mu);
}

void metrics_upload(struct metrics *m, enum upload_outcome o)
{
	pthread_mutex_lock(&m->mu);
	m->uploads[o]++;
	pthread_mutex_unlock(&m->mu);
}

void metrics_render(struct metrics *m, struct strbuf *out)
{
	pthread_mutex_lock(&m->mu);
	strbuf_addstr(out, "# HELP chipscreen_http_requests_total HTTP requests by route and "
			   "status.\n# TYPE chipscreen_http_requests_total counter\n");
	for (int r = 0; r < ROUTE__COUNT; r++)
		for (size_t s = 0; s <= NSTATUS; s++)
			if (m->requests[r][s]) {
				if (s < NSTATUS)
					strbuf_addf(out,
						    "chipscreen_http_requests_total{route=\"%s\","
						    "status=\"%u\"} %llu\n",
						    route_name(r), statuses[s],
						    (unsigned long long)m->requests[r][s]);
				else
					strbuf_addf(out,
						    "chipscreen_http_requests_total{route=\"%s\","
						    "status=\"other\"} %llu\n",
						    route_name(r),
						    (unsigned long long)m->requests[r][s]);
			}
	strbuf_addstr(out, "# HELP chipscreen_http_request_duration_seconds Time from the "
			   "request's first byte to its answer.\n"
			   "# TYPE chipscreen_http_request_duration_seconds histogram\n");
	for (int r = 0; r < ROUTE__COUNT; r++) {
		uint64_t cum = 0;
		for (size_t b = 0; b <= NBUCKET; b++) {
			cum += m->hist[r][b];
			if (b < NBUCKET)
				strbuf_addf(out,
					    "chipscreen_http_request_duration_seconds_bucket{route="
					    "\"%s\",le=\"%g\"} %llu\n",
					    route_name(r), buckets[b], (unsigned long long)cum);
			else
				strbuf_addf(out,
					    "chipscreen_http_request_duration_seconds_bucket{route="
					    "\"%s\",le=\"+Inf\"} %llu\n",
					    route_name(r), (unsigned long long)cum);
		}
		strbuf_addf(out, "chipscreen_http_request_duration_seconds_sum{route=\"%s\"} %.6f\n",
			    route_name(r), m->sum[r]);
		strbuf_addf(out,
			    "chipscreen_http_request_duration_seconds_count{route=\"%s\"} %llu\n",
			    route_name(r), (unsigned long long)cum);
	}
	strbuf_addstr(out, "# HELP chipscreen_uploads_total Inventory uploads by outcome.\n"
			   "# TYPE chipscreen_uploads_total counter\n");
	for (int o = 0; o < UP__COUNT; o++)
		strbuf_addf(out, "chipscreen_uploads_total{outcome=\"%s\"} %llu\n", upload_names[o],
			    (unsigned long long)m->uploads[o]);
	pthread_mutex_unlock(&m->mu);
}
