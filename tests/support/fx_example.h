/*
 * fx_example.h — the example server the project ships in examples/server.
 *
 * One 2U two-socket server, described with the fixture generators
 * (fx_smbios.h, fx_spd.h, fx_sysfs.h) and written as the kernel would show
 * it.  It is built to meet the shipped rules (data/rules/) at once:
 *
 *   - four Micron RDIMMs made in 2019 (module and DRAM maker Micron);
 *   - four Kingston RDIMMs made in 2024, after the CAC decision on Micron of
 *     2023-05-21, whose DRAM is Micron's (module maker Kingston, DRAM Micron);
 *   - a ZhiTai (YMTC) NVMe SSD, PCI 1e49:0071, EUI-64 with YMTC's OUI a428b7;
 *   - a Huawei Hi1822 SP582 2 x 25GE NIC, PCI 19e5:0206, two functions;
 *   - Intel C620 chipset functions, an ASPEED BMC display, a Samsung SATA
 *     boot SSD and a Logitech USB keyboard, which no rule names.
 *
 * Every serial number and UUID is fake and looks it ("EXS2U0000042",
 * "4578616d-706c-6553-7973-..." is "ExampleSys" in hex), yet well-formed.
 *
 * examples/server is what `chipscreen capture --root TREE -o examples/server`
 * keeps of that tree, with the three manifest lines that name the moment and
 * the place of the capture (collector, captured_at, root) replaced by fixed
 * text, so that the capture is the same byte for byte on every run.
 * tests/test_example.c checks the committed copy against a fresh one and
 * rewrites it with CHIPSCREEN_WRITE_EXAMPLE=1.
 */
#ifndef FX_EXAMPLE_H
#define FX_EXAMPLE_H

#include "util/strbuf.h"

/* Where the committed capture lives, relative to the source tree. */
#define FX_EXAMPLE_DIR "examples/server"

/* Write the example server's tree under root (an existing directory).
 * Returns 0, or -1 after printing the reason on stderr. */
int fx_example_server(const char *root);

/* Write the example capture to out (a new or empty directory): generate the
 * tree in a temporary directory, capture it, fix the manifest.  Returns 0,
 * or -1 with err set. */
int fx_example_capture(const char *out, struct strbuf *err);

#endif
