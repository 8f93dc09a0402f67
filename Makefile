# initscan — build, test, install.  See README.md.
VERSION   := 0.1.0
PREFIX    ?= /usr/local
BINDIR    ?= $(PREFIX)/bin
MANDIR    ?= $(PREFIX)/share/man
DESTDIR   ?=

CC        ?= gcc
PKGS      := libdw libelf jansson libzstd
CFLAGS    ?= -O2 -g
CFLAGS    += -std=gnu11 -D_GNU_SOURCE -Wall -Wextra -Werror -Iinclude \
             -DINITSCAN_VERSION='"$(VERSION)"' $(shell pkg-config --cflags $(PKGS))
LDLIBS    += $(shell pkg-config --libs $(PKGS))

# make SANITIZE=1: an address+undefined-behaviour sanitized build, in build-san/
ifeq ($(SANITIZE),1)
BUILD     := build-san
CFLAGS    += -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all
LDFLAGS   += -fsanitize=address,undefined
else
BUILD     := build
endif

SRCS      := $(wildcard src/*.c)
OBJS      := $(SRCS:src/%.c=$(BUILD)/%.o)
BIN       := $(BUILD)/initscan

.PHONY: all check install clean demo
all: $(BIN)
	@if [ "$(BUILD)" = build ]; then ln -sf $(BIN) initscan; fi

$(BIN): $(OBJS)
	$(CC) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/%.o: src/%.c $(wildcard include/*.h) | $(BUILD)
	$(CC) $(CFLAGS) -MMD -c -o $@ $<

$(BUILD):
	mkdir -p $@

# Every test, the sanitized build included; the last line is "N passed, N failed".
check:
	$(MAKE) all
	$(MAKE) SANITIZE=1 all
	tests/run-tests build/initscan build-san/initscan

# The bundled demo image: a mini kernel linked like the real one (kernel.lds).
DEMO      := $(BUILD)/demo-vmlinux
demo: all
	$(CC) -O2 -g -DPREL32 -ffreestanding -fno-pic -fno-pie -fno-asynchronous-unwind-tables \
	  -fno-stack-protector -nostdlib -static -no-pie -Wl,--no-warn-rwx-segments \
	  -Wl,--build-id -Wl,--emit-relocs -T tests/fixtures/kernel.lds -o $(DEMO) \
	  tests/fixtures/minikernel.c tests/fixtures/minikernel2.c
	./initscan $(DEMO)

install: all
	install -D -m 0755 $(BIN) $(DESTDIR)$(BINDIR)/initscan
	install -D -m 0644 man/initscan.1 $(DESTDIR)$(MANDIR)/man1/initscan.1

clean:
	rm -rf build build-san initscan tests/fixtures/out tests/out
