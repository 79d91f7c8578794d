#!/usr/bin/perl
# tools/gen-jep106.pl — build data/jep106.tsv, the JEP106 manufacturer codes of every bank.
#
#   perl tools/gen-jep106.pl [WORKDIR] > data/jep106.tsv
#
# The codes are facts published by JEDEC (JEP106).  We read them from two
# Debian packages, fetched with `apt-get download` into WORKDIR (default: a
# temporary directory) when not already there:
#
#   i2c-tools  /usr/bin/decode-dimms, a Perl script whose @vendors table is
#              JEP106BB (13 banks);
#   openocd    the binary embeds its jep106.inc as an array of string
#              pointers [bank][id-1]; being position-independent, the pointers
#              live in the R_X86_64_RELATIVE relocations (read with readelf),
#              which we follow to the strings.  openocd 0.12.0 (bookworm)
#              carries 15 banks.
#
# Entries published after both (banks 16-17, from JEP106BO) come from
# tools/jep106-later.tsv, transcribed from JEDEC JEP106BO (May 2026) as tabled in openocd src/helper/jep106.inc, and i2c-tools eeprom/decode-dimms (JEP106BB).
# tools/jep106-orgs.tsv maps the codes that matter for screening to the
# curated organisations of data/orgs.tsv; every other code gets an id made
# from its JEDEC name ("Smart Modular" -> smart-modular), never one of the
# curated ids.
#
# Output columns: bank, id (the ID byte with its odd-parity bit, as SPD
# stores it and dmidecode prints it), code (the SPD pair: continuation count
# with parity, then ID byte), name, org, source.
use strict;
use warnings;
use File::Temp qw(tempdir);

my $dir = shift // tempdir(CLEANUP => 1);
my $tools = $0 =~ m{^(.*)/} ? $1 : '.';
my $root = "$tools/..";

sub fetch {
	my ($pkg) = @_;
	my @deb = glob("$dir/${pkg}_*.deb");
	unless (@deb) {
		system("cd '$dir' && apt-get download $pkg >/dev/null 2>&1") == 0
			or die "gen-jep106: apt-get download $pkg failed\n";
		@deb = glob("$dir/${pkg}_*.deb");
	}
	die "gen-jep106: no $pkg .deb in $dir\n" unless @deb;
	my ($ver) = $deb[0] =~ m{_([^_]+)_[^_]+\.deb$};
	system("dpkg-deb -x '$deb[0]' '$dir/$pkg'") == 0 or die "gen-jep106: cannot unpack $deb[0]\n";
	return ("$dir/$pkg", $ver);
}

sub parity_byte { my $v = shift; my $n = unpack('%32b*', chr($v)); return $n % 2 ? $v : $v | 0x80; }

my %name;   # "bank,id7" -> name
my %src;    # "bank,id7" -> source

# 1. decode-dimms (JEP106BB)
my ($i2c, $i2cver) = fetch('i2c-tools');
{
	open my $f, '<', "$i2c/usr/bin/decode-dimms" or die "decode-dimms: $!\n";
	local $/;
	my $text = <$f>;
	$text =~ /(\@vendors = \(.*?\n\);)/s or die "decode-dimms: no \@vendors table\n";
	our @vendors;
	eval $1;
	die $@ if $@;
	for my $b (0 .. $#vendors) {
		for my $i (0 .. $#{$vendors[$b]}) {
			my $k = ($b + 1) . ',' . ($i + 1);
			$name{$k} = $vendors[$b][$i];
			$src{$k} = "JEP106BB, from i2c-tools $i2cver decode-dimms";
		}
	}
}

# 2. openocd's jep106.inc, recovered from the binary.
my ($oo, $oover) = fetch('openocd');
{
	my $bin = "$oo/usr/bin/openocd";
	my $data = do { open my $f, '<:raw', $bin or die "$bin: $!\n"; local $/; <$f> };
	my @secs;
	for (`readelf -SW '$bin'`) {
		push @secs, [hex $2, hex $3, hex $4]
			if /^\s*\[\s*\d+\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)/;
	}
	my $v2o = sub {
		my $v = shift;
		for (@secs) { return $v - $_->[0] + $_->[1] if $v >= $_->[0] && $v < $_->[0] + $_->[2] && $_->[0] }
		return undef;
	};
	my $o2v = sub {
		my $o = shift;
		for (@secs) { return $o - $_->[1] + $_->[0] if $o >= $_->[1] && $o < $_->[1] + $_->[2] && $_->[0] }
		return undef;
	};
	my %rel;
	for (`readelf -rW '$bin'`) {
		$rel{hex $1} = hex $2 if /^([0-9a-f]+)\s+\S+\s+R_X86_64_RELATIVE\s+([0-9a-f]+)/;
	}
	my $at = index($data, "\0AMD\0AMI\0Fairchild\0");
	die "openocd: JEP106 strings not found\n" if $at < 0;
	my $amd = $o2v->($at + 1);
	my ($table) = grep { $rel{$_} == $amd } keys %rel;
	die "openocd: JEP106 table not found\n" unless defined $table;
	my $str = sub { my $o = $v2o->(shift); return undef unless defined $o; my $e = index($data, "\0", $o); substr($data, $o, $e - $o) };
	my $banks = 0;
	BANK: for my $b (0 .. 31) {
		my @names;
		for my $i (0 .. 125) {
			my $a = $rel{$table + 8 * ($b * 126 + $i)};
			next unless defined $a;
			# the table's strings all lie just after "AMD"; anything else is the next object
			last BANK if $a < $amd || $a > $amd + 0x40000;
			my $s = $str->($a);
			last BANK unless defined $s && $s =~ /^[\x20-\x7e]+$/;
			push @names, [$i + 1, $s];
		}
		last unless @names && $names[0][0] == 1;
		$banks = $b + 1;
		for (@names) {
			my $k = ($b + 1) . ',' . $_->[0];
			if (defined $name{$k} && $name{$k} ne $_->[1]) {
				$src{$k} = "JEP106, from openocd $oover jep106.inc (decode-dimms: \"$name{$k}\")";
			} elsif (!defined $name{$k}) {
				$src{$k} = "JEP106, from openocd $oover jep106.inc";
			} else {
				$src{$k} .= "; openocd $oover agrees";
			}
			$name{$k} = $_->[1];
		}
	}
	die "openocd: only $banks banks read\n" if $banks < 13;
	# sanity: facts we know
	die "openocd table misread\n"
		unless $name{'1,44'} =~ /^Micron/ && $name{'2,24'} eq 'Kingston' && $name{'10,27'} =~ /^Yangtze/;
	print STDERR "gen-jep106: openocd $oover: $banks banks\n";
}

# 3. later entries, from the facts file
sub read_tsv {
	my ($path) = @_;
	open my $f, '<', $path or die "$path: $!\n";
	my @rows;
	my $hdr;
	while (<$f>) {
		chomp;
		next if /^#/ || /^\s*$/;
		my @c = split /\t/, $_, -1;
		if (!$hdr) { $hdr = \@c; next }
		my %r;
		@r{@$hdr} = @c;
		push @rows, \%r;
	}
	return @rows;
}

sub id7 { my $h = hex shift; return $h & 0x7f }

for my $r (read_tsv("$tools/jep106-later.tsv")) {
	my $k = "$r->{bank}," . id7($r->{id});
	if (defined $name{$k}) {
		warn "gen-jep106: later entry $r->{bank}/$r->{id} \"$r->{name}\" already known as \"$name{$k}\"\n"
			if $name{$k} !~ /\Q$r->{name}\E/i;
		next;
	}
	$name{$k} = $r->{name};
	$src{$k} = $r->{source};
}

# 4. curated organisations
my %curated;
for my $r (read_tsv("$root/data/orgs.tsv")) { $curated{$r->{id}} = 1 }
my %org;
my %orgsrc;
for my $r (read_tsv("$tools/jep106-orgs.tsv")) {
	my $k = "$r->{bank}," . id7($r->{id});
	die "gen-jep106: jep106-orgs: no code $r->{bank}/$r->{id}\n" unless defined $name{$k};
	die "gen-jep106: jep106-orgs: $r->{org} is not in data/orgs.tsv\n" unless $curated{$r->{org}};
	$org{$k} = $r->{org};
	$orgsrc{$k} = $r->{source};
}

sub slug {
	my $s = lc shift;
	$s =~ s/\([^)]*\)//g;
	$s =~ s/[’']//g;
	my @w = grep { length } split /[^a-z0-9]+/, $s;
	my %suffix = map { $_ => 1 } qw(inc incorporated ltd limited co corp corporation llc gmbh sa ag bv plc company);
	pop @w while @w > 1 && $suffix{$w[-1]};
	return join '-', @w;
}

print "# JEP106 manufacturer codes, every bank.  Generated by tools/gen-jep106.pl; do not edit.\n";
print "# id: the ID byte with its odd-parity bit; code: the SPD pair (continuation count with parity, ID byte).\n";
print "bank\tid\tcode\tname\torg\tsource\n";
for my $k (sort { my @a = split /,/, $a; my @b = split /,/, $b; $a[0] <=> $b[0] || $a[1] <=> $b[1] } keys %name) {
	my ($b, $i) = split /,/, $k;
	my $id = parity_byte($i);
	my $code = sprintf('%02X%02X', parity_byte($b - 1), $id);
	my $o = $org{$k};
	my $s = $src{$k};
	if ($o) {
		$s .= "; org: $orgsrc{$k}";
	} else {
		$o = slug($name{$k});
		$o = "jedec-$o" if $curated{$o};
	}
	(my $n = $name{$k}) =~ s/[\t\r\n]/ /g;
	printf "%d\t0x%02X\t%s\t%s\t%s\t%s\n", $b, $id, $code, $n, $o, $s;
}
