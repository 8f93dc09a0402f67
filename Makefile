# initscan — build, test, install.  See README.md.
VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR   ?=

CC        ?= gcc
PKGS      := libdw libelf jansson libzstd liblzma zlib liblz4 lzo2
CFLAGS    ?= -O2 -g
WARNINGS  := -Wall -Wextra -Wshadow -Wmissing-prototypes -Wcast-qual -Werror
CFLAGS    += -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -Iinclude \
             -DINITSCAN_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS))
LDLIBS    += $(shell pkg-config --libs $(PKGS)) -lbz2 -lpthread

# make SANITIZE=1: an address+undefined-behaviour sanitized build, in build-san/
ifeq ($(SANITIZE),1)
BUILD     := build-san
CFLAGS    += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS   += -fsanitize=address,undefined
else
BUILD     := build
endif

# One folder per stage of the pipeline (README.md, "Layout").
SRCS      := $(wildcard src/*/*.c)
HDRS      := $(wildcard include/*/*.h)
OBJS      := $(SRCS:src/%.c=$(BUILD)/%.o)
BIN       := $(BUILD)/initscan

.PHONY: all check install uninstall clean demo fuzz bench
all: $(BIN)
	@if [ "$(BUILD)" = build ]; then ln -sf $(BIN) initscan; fi

$(BIN): $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# -MMD writes each object's header dependencies beside it.
$(BUILD)/%.o: src/%.c
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) -MMD -MP -c -o $@ $<

-include $(OBJS:.o=.d)

# Every test, the sanitized build included, and a one-minute fuzzing run
# when clang is installed; the last line is "N passed, N failed, N skipped".
check: tests/tools/node_modules
	$(MAKE) all
	$(MAKE) SANITIZE=1 all
	if command -v clang >/dev/null; then $(MAKE) build-fuzz/fuzz_image; fi
	FUZZ_SECONDS=$(FUZZ_SECONDS) tests/run-tests build/initscan build-san/initscan

# The tools the tests run from the npm registry (tests/tools/package.json:
# Microsoft's SARIF validator), at the versions package-lock.json pins.
tests/tools/node_modules: tests/tools/package.json tests/tools/package-lock.json
	cd tests/tools && npm ci --no-audit --no-fund
	touch $@

# make fuzz [FUZZ_SECONDS=N]: libFuzzer over the whole analysis of one file
# or build tree, seeded with the test fixtures, tests/fuzz/seeds and the
# real modules tests/fuzz/fetch-seeds puts in build-fuzz/seeds; findings
# are written to build-fuzz/.
FUZZ_SECONDS ?= 60
FUZZ_SRCS := $(filter-out src/cli/main.c,$(SRCS)) tests/fuzz/fuzz_image.c
build-fuzz/fuzz_image: $(FUZZ_SRCS) $(HDRS)
	mkdir -p build-fuzz
	clang -g -O1 -std=gnu11 -D_GNU_SOURCE $(WARNINGS) -Iinclude -DINITSCAN_VERSION='"$(VERSION)"' \
	  $(shell pkg-config --cflags $(PKGS)) \
	  -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all \
	  -o $@ $(FUZZ_SRCS) $(LDLIBS)

fuzz: build-fuzz/fuzz_image
	tests/fixtures/build-fixtures tests/fixtures/out 2>/dev/null
	mkdir -p build-fuzz/corpus build-fuzz/seeds
	cd build-fuzz && ./fuzz_image -max_total_time=$(FUZZ_SECONDS) -timeout=10 \
	  -rss_limit_mb=2048 -print_final_stats=1 -dict=../tests/fuzz/fuzz_image.dict \
	  corpus ../tests/fixtures/out ../tests/fuzz/seeds seeds

# The bundled demo image: a mini kernel linked like the real one (kernel.lds).
DEMO      := $(BUILD)/demo-vmlinux
demo: all
	$(CC) -O2 -g -DPREL32 -ffreestanding -fno-pic -fno-pie -fno-asynchronous-unwind-tables \
	  -fno-stack-protector -nostdlib -static -no-pie -Wl,--no-warn-rwx-segments \
	  -Wl,--build-id -Wl,--emit-relocs -T tests/fixtures/kernel.lds -o $(DEMO) \
	  tests/fixtures/minikernel.c tests/fixtures/minikernel2.c
	./initscan $(DEMO)

# Timings against modpost, nm and readelf on real Debian inputs (not part of check).
bench: all
	scripts/bench

# The bash completion, made from what the program says of its options
# (completion/gen-completion), so that it cannot drift from them.
COMPLETION := $(BUILD)/initscan.bash
$(COMPLETION): $(BIN) completion/gen-completion
	completion/gen-completion $(BIN) > $@.tmp && mv $@.tmp $@

install: all $(COMPLETION)
	install -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/initscan
	install -D -m 0644 man/initscan.1 $(DESTDIR)$(MANDIR)/man1/initscan.1
	install -D -m 0644 $(COMPLETION) $(DESTDIR)$(BASHCOMPDIR)/initscan

# Everything install put there, and nothing else.
uninstall:
	rm -f $(DESTDIR)$(BINDIR)/initscan $(DESTDIR)$(MANDIR)/man1/initscan.1 \
	  $(DESTDIR)$(BASHCOMPDIR)/initscan

clean:
	rm -rf build build-san build-fuzz initscan tests/fixtures/out tests/out
