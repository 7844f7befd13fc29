# mi50fan — build, test, demo and install.
#   make demo      build and run the controller against the built-in simulated MI50
#   make test      the whole test suite (installs missing apt packages first)
#   make build     release build
#   make install   binary, systemd unit, udev rules, curves and an example config (DESTDIR, PREFIX honoured)

PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
SYSCONFDIR  ?= /etc
UNITDIR     ?= /etc/systemd/system
UDEVDIR     ?= /etc/udev/rules.d
SYSUSERSDIR ?= /usr/lib/sysusers.d
DOCDIR      ?= $(PREFIX)/share/doc/mi50fan
MANDIR      ?= $(PREFIX)/share/man
SWIFT       ?= swift
SWIFTFLAGS  ?=

# Debian packages the build and the tests need (`prometheus` for promtool, which checks the
# metrics file and tests contrib/prometheus's alert rules; `python3-markdown` to check that merged
# benchmark summaries are valid Markdown).
APT_PACKAGES := libsensors-dev libyaml-dev libgpiod-dev umockdev gir1.2-umockdev-1.0 python3-gi lm-sensors systemd prometheus python3-markdown
# What `make compare` needs besides the build: thinkfan (the peer), the FUSE fake sysfs
# (libfuse2 + Debian's fusepy), GNU time, unshare and script.
COMPARE_PACKAGES := thinkfan python3-fusepy libfuse2 time util-linux bsdutils
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all demo test build install uninstall deps clean builtin-curves man report-screenshot fuzz soak bench fixture compare

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

# MI50FAN_STATIC_SERVICE=1 links the service (mi50fand) as a static PIE (see Package.swift), which
# needs --disable-local-rpath: it is what keeps the service's start-up peak under 8 MB.
STATIC_SERVICE := MI50FAN_STATIC_SERVICE=1
RELEASE_BUILD := $(STATIC_SERVICE) $(SWIFT) build -c release --static-swift-stdlib --disable-local-rpath

build: deps
	$(RELEASE_BUILD) $(SWIFTFLAGS)

demo: deps
	$(SWIFT) build $(SWIFTFLAGS) --product mi50fan
	$$($(SWIFT) build --show-bin-path)/mi50fan demo

# MI50FAN_REQUIRE_ALL=1: a test that needs something of the machine (a mount namespace, a
# pseudo-terminal, Python for the llama.cpp server) fails when it is missing instead of skipping.
test: deps
	$(SWIFT) build --build-tests $(SWIFTFLAGS)
	MI50FAN_REQUIRE_ALL=1 $(SWIFT) test --skip-build $(SWIFTFLAGS)

install: build
	install -Dm755 "$$($(SWIFT) build -c release --show-bin-path)/mi50fan" "$(DESTDIR)$(BINDIR)/mi50fan"
	install -Dm755 "$$($(SWIFT) build -c release --show-bin-path)/mi50fand" "$(DESTDIR)$(BINDIR)/mi50fand"
	install -d "$(DESTDIR)$(UNITDIR)" "$(DESTDIR)$(UDEVDIR)" "$(DESTDIR)$(SYSUSERSDIR)" "$(DESTDIR)$(DOCDIR)"
	sed 's|/usr/local/bin/mi50fan|$(BINDIR)/mi50fan|g; s|/usr/local/share/doc/mi50fan|$(DOCDIR)|g' systemd/mi50fan.service > "$(DESTDIR)$(UNITDIR)/mi50fan.service"
	chmod 644 "$(DESTDIR)$(UNITDIR)/mi50fan.service"
	install -m644 udev/70-mi50fan.rules "$(DESTDIR)$(UDEVDIR)/70-mi50fan.rules"
	install -m644 systemd/mi50fan.sysusers "$(DESTDIR)$(SYSUSERSDIR)/mi50fan.conf"
	install -m644 README.md docs/*.md "$(DESTDIR)$(DOCDIR)/"
	$(MAKE) man
	install -Dm644 .build/man/mi50fan.1 "$(DESTDIR)$(MANDIR)/man1/mi50fan.1"
	bin="$$($(SWIFT) build -c release --show-bin-path)/mi50fan"; \
	install -d "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"; \
	"$$bin" --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mi50fan"; \
	"$$bin" --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_mi50fan"; \
	"$$bin" --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/mi50fan.fish"
	install -d "$(DESTDIR)$(SYSCONFDIR)/mi50fan/curves"
	install -m644 curves/*.yaml "$(DESTDIR)$(SYSCONFDIR)/mi50fan/curves/"
	install -m644 docs/examples/config.yaml "$(DESTDIR)$(SYSCONFDIR)/mi50fan/config.example.yaml"
	if [ -e "$(DESTDIR)$(SYSCONFDIR)/mi50fan/config.yaml" ]; then \
		"$(DESTDIR)$(BINDIR)/mi50fan" detect --config "$(DESTDIR)$(SYSCONFDIR)/mi50fan/config.yaml" \
			--udev-rules "$(DESTDIR)$(UDEVDIR)/71-mi50fan-outputs.rules" || \
		echo "no output rules written: fix the config, then run mi50fan detect --udev-rules $(UDEVDIR)/71-mi50fan-outputs.rules"; \
	fi
	@if [ -z "$(DESTDIR)" ] && [ "$$(id -u)" = 0 ]; then \
		systemd-sysusers "$(SYSUSERSDIR)/mi50fan.conf" 2>/dev/null || getent passwd mi50fan >/dev/null || useradd --system --user-group --no-create-home --shell /usr/sbin/nologin mi50fan; \
		systemctl daemon-reload 2>/dev/null || true; \
		udevadm control --reload 2>/dev/null && udevadm trigger --action=add --subsystem-match=hwmon --subsystem-match=gpio --subsystem-match=pwm 2>/dev/null || true; \
	fi
	@if [ -e "$(DESTDIR)$(SYSCONFDIR)/mi50fan/config.yaml" ]; then \
		echo "installed. Next: mi50fan config check, systemctl enable --now mi50fan"; \
	else \
		echo "installed. Next: sudo mi50fan detect --write (writes $(SYSCONFDIR)/mi50fan/config.yaml and the udev rules; an annotated example is config.example.yaml beside it), mi50fan config check, sudo systemctl enable --now mi50fan"; \
	fi

# Stops the service (which gives the fans back to the board), then removes what install put in
# place; your config and curves in $(SYSCONFDIR)/mi50fan stay.
# With DESTDIR (a staging tree) only files go: the machine's service and fans are left alone.
uninstall:
	-[ -n "$(DESTDIR)" ] || systemctl disable --now mi50fan 2>/dev/null
	-[ -n "$(DESTDIR)" ] || "$(BINDIR)/mi50fan" release --restore 2>/dev/null
	rm -f "$(DESTDIR)$(BINDIR)/mi50fan" "$(DESTDIR)$(BINDIR)/mi50fand" "$(DESTDIR)$(UNITDIR)/mi50fan.service" "$(DESTDIR)$(UDEVDIR)/70-mi50fan.rules" "$(DESTDIR)$(UDEVDIR)/71-mi50fan-outputs.rules" "$(DESTDIR)$(SYSUSERSDIR)/mi50fan.conf"
	rm -rf "$(DESTDIR)$(DOCDIR)"
	rm -f "$(DESTDIR)$(MANDIR)/man1/mi50fan.1" "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/mi50fan" \
		"$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_mi50fan" "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/mi50fan.fish"
	-systemctl daemon-reload 2>/dev/null
	@echo "left $(SYSCONFDIR)/mi50fan in place: your config and curves"

clean:
	rm -rf .build

# The man page, generated from the command-line parser.
# The manual is generated by a plugin that builds the CLI its own way: in its own scratch
# directory, so it does not relink `make build`'s static service in .build/release.
man:
	mkdir -p .build/man
	$(SWIFT) package --scratch-path .build/man-build --allow-writing-to-package-directory generate-manual --output-directory .build/man

# A run's report.html rendered by headless Chromium (Debian's `chromium`) to a PNG, to see
# the charts as a reader does: make report-screenshot RUN=mi50fan-bench-DATE
report-screenshot:
	@[ -n "$(RUN)" ] || { echo "usage: make report-screenshot RUN=run-directory"; exit 2; }
	@command -v chromium >/dev/null || { $(SUDO) apt-get install -y -qq chromium; }
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=1000,2400 \
		--screenshot="$(RUN)/report.png" "file://$$(cd "$(RUN)" && pwd)/report.html"
	@echo "wrote $(RUN)/report.png"

# Long reliability runs (make test runs short versions of both). The soak runs a release build
# with the run-time exclusivity checks the release service leaves out (Package.swift).
fuzz: deps
	MI50FAN_FUZZ_ITERATIONS=$${ITERATIONS:-200000} MI50FAN_FUZZ_SEED=$${SEED:-$$(date +%s)} $(SWIFT) test --filter ReliabilityTests.fuzz $(SWIFTFLAGS)

soak: deps
	MI50FAN_EXCLUSIVITY_CHECKS=1 MI50FAN_SOAK_HOURS=$${HOURS:-24} MI50FAN_SOAK_SEED=$${SEED:-$$(date +%s)} $(SWIFT) test -c release --filter ReliabilityTests.soak $(SWIFTFLAGS)

# Micro-benchmarks (their own package, so the main build does not pay for them), then the
# daemon's idle cost and `status` latency against the virtual card. See docs/performance.md.
bench: deps
	cd Benchmarks && $(SWIFT) package benchmark --no-progress
	cd Benchmarks && $(SWIFT) build -c release --product TickSyscalls && sh tick-syscalls.sh "$$($(SWIFT) build -c release --show-bin-path)/TickSyscalls"
	$(RELEASE_BUILD) --product mi50fan
	$(RELEASE_BUILD) --product mi50fand
	sh Tests/Support/measure-daemon.sh "$$($(SWIFT) build -c release --show-bin-path)/mi50fan" $${SECONDS_TO_MEASURE:-60}
	sh Benchmarks/tick-footprint.sh "$$($(SWIFT) build -c release --show-bin-path)/mi50fan" 120 9

# mi50fan (release build, as shipped and on the peers' curve) and thinkfan side by side on the
# same simulated MI50 + blower (Benchmarks/peer-harness: FUSE fake sysfs, private mount
# namespace, needs root), then the table and the targets checked against thinkfan in the same
# run (verdict.py). make compare MINUTES=3 SEED=2; make compare SEEDS="1 2 3" runs the seeds
# one after the other and checks them all. See docs/performance.md.
MINUTES ?= 10
SEED    ?= 1
SEEDS   ?= $(SEED)
compare: deps
	@missing=""; for p in $(COMPARE_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	$(RELEASE_BUILD) --product mi50fand $(SWIFTFLAGS)
	round=/tmp/mi50fan-compare/round-$$(date +%Y%m%d-%H%M%S); \
	for seed in $(SEEDS); do \
		$(SUDO) env SEED=$$seed OUTROOT=$$round bash Benchmarks/peer-harness/compare.sh \
			"$$($(SWIFT) build -c release --show-bin-path)/mi50fand" $$(( $(MINUTES) * 60 )) || exit 1; \
	done; \
	echo; python3 Benchmarks/peer-harness/verdict.py $$round/seed*

# A tarball from `mi50fan snapshot` as a test fixture: make fixture SNAPSHOT=file.tar NAME=mi50-x570
fixture:
	@[ -n "$(SNAPSHOT)" ] && [ -n "$(NAME)" ] || { echo "usage: make fixture SNAPSHOT=mi50fan-snapshot.tar NAME=fixture-name"; exit 2; }
	sh Tests/Support/add-snapshot-fixture.sh "$(SNAPSHOT)" "$(NAME)"

# After editing curves/*.yaml or docs/examples/config.yaml: rebuild the copies compiled into the binary.
builtin-curves:
	python3 Tests/Support/generate-builtin-curves.py
