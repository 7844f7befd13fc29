# mi50fan — build, test, demo and install.
#   make demo      build and run the controller against the built-in simulated MI50
#   make test      the whole test suite (installs missing apt packages first)
#   make build     release build
#   make install   binary, systemd unit, udev rules, curves and a default config (DESTDIR, PREFIX honoured)

PREFIX      ?= /usr/local
DESTDIR     ?=
BINDIR      ?= $(PREFIX)/bin
SYSCONFDIR  ?= /etc
UNITDIR     ?= /etc/systemd/system
UDEVDIR     ?= /etc/udev/rules.d
SWIFT       ?= swift
SWIFTFLAGS  ?=

# Debian packages the build and the tests need.
APT_PACKAGES := libsensors-dev libgpiod-dev umockdev gir1.2-umockdev-1.0 python3-gi lm-sensors systemd
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all demo test build install uninstall deps clean builtin-curves

all: build

deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build -c release $(SWIFTFLAGS)

demo: deps
	$(SWIFT) build $(SWIFTFLAGS) --product mi50fan
	$$($(SWIFT) build --show-bin-path)/mi50fan demo

test: deps
	$(SWIFT) build --build-tests $(SWIFTFLAGS)
	$(SWIFT) test --skip-build $(SWIFTFLAGS)

install: build
	install -Dm755 "$$($(SWIFT) build -c release --show-bin-path)/mi50fan" "$(DESTDIR)$(BINDIR)/mi50fan"
	install -d "$(DESTDIR)$(SYSCONFDIR)/mi50fan/curves"
	install -m644 curves/*.yaml "$(DESTDIR)$(SYSCONFDIR)/mi50fan/curves/"
	[ -e "$(DESTDIR)$(SYSCONFDIR)/mi50fan/config.yaml" ] || install -m644 docs/examples/config.yaml "$(DESTDIR)$(SYSCONFDIR)/mi50fan/config.yaml"

uninstall:
	rm -f "$(DESTDIR)$(BINDIR)/mi50fan"
	@echo "left $(SYSCONFDIR)/mi50fan in place: your config and curves"

clean:
	rm -rf .build

# After editing curves/*.yaml: rebuild the copies compiled into the binary.
builtin-curves:
	python3 Tests/Support/generate-builtin-curves.py
