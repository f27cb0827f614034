# Makefile for lb: five commands over one library.
# `make demo` and `make check` first install missing Debian build packages;
# a plain `make` installs nothing: it names the missing ones and stops.

VERSION = 0.1.0
PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
LOCALEDIR ?= $(PREFIX)/share/locale
# Translated pages (man/LANG/), installed under $(MANDIR)/LANG, where
# man -L LANG and a LANG=zh_TW.UTF-8 man look.
MANLANGS = zh_CN zh_TW
# bash-completion's loader finds a command's completion here by its name.
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
DESTDIR ?=

CC ?= cc
CFLAGS ?= -O2 -g
LDFLAGS ?=
B ?= build

# Warnings stop the test build (make check sets WERROR=-Werror), never a
# user's build with another compiler's new warnings.
WERROR =

# Spreadsheets: .xlsx read with libzip and expat, .xls with libfreexl,
# .xlsx written with libxlsxwriter (issue 16).
PKGS = yaml-0.1 libpcre2-8 libzip expat freexl xlsxwriter
PKG_CFLAGS = $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
PKG_LIBS = $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -lyaml -lpcre2-8 -lzip -lexpat -lfreexl -lxlsxwriter)
LB_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	-Wall -Wextra $(WERROR) -Ilib -DLB_VERSION='"$(VERSION)"' -MMD -MP \
	-DLOCALEDIR='"$(LOCALEDIR)"'
# libzip and libxlsxwriter are loaded when a workbook is met, not at every
# start (lib/lazylib.c says why).
LIBS = $(filter-out -lzip -lxlsxwriter,$(PKG_LIBS)) -lcsv -pthread -ldl

ASAN_CFLAGS = -O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer \
	-fno-sanitize-recover=all

CMDS = lb-enroll lb-pair lb-log lb-due lb-report
LIB_SRC = $(wildcard lib/*.c)
LIB_OBJ = $(LIB_SRC:lib/%.c=$(B)/lib/%.o) $(B)/lib/default_policy.o
UNIT_SRC = $(wildcard tests/unit/test_*.c)
UNITS = $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
TOOL_SRC = $(wildcard tests/tools/*.c)
TOOLS = $(TOOL_SRC:tests/tools/%.c=$(B)/tests/%)
BINS = $(CMDS:%=$(B)/bin/%)
MAN1 = $(CMDS:%=man/%.1)
# Message catalogs (po/LANG.po), compiled into the build tree where its
# commands find them (bin/../share/locale, as installed); make install
# puts them under $(LOCALEDIR).
LINGUAS = zh_CN zh_TW
MOS = $(LINGUAS:%=$(B)/share/locale/%/LC_MESSAGES/lb.mo)

all: $(BINS) $(UNITS) $(TOOLS) $(MOS)

# Before the first compile: the libraries' headers are there, or the
# Debian packages that hold them are named (tools/buildcheck.sh).
$(B)/buildcheck.ok: tools/buildcheck.sh
	@CC='$(CC)' CFLAGS='$(PKG_CFLAGS) $(CFLAGS)' sh tools/buildcheck.sh
	@mkdir -p $(@D) && touch $@

# Objects compiled without -Werror are compiled again when make check
# asks for it (a warning in them must stop the test build); objects
# compiled with it serve a plain build as they are (the same code), so
# make install after make check rebuilds nothing.
$(B)/werror: FORCE | $(B)/buildcheck.ok
	@if [ -n '$(WERROR)' ] && [ "$$(cat $@ 2>/dev/null)" != '$(WERROR)' ]; \
		then echo '$(WERROR)' > $@; elif [ ! -e $@ ]; then : > $@; fi

COMPILE = $(CC) $(LB_CFLAGS) $(PKG_CFLAGS) $(CFLAGS)
$(B)/lib/%.o: lib/%.c $(B)/werror
	@mkdir -p $(@D)
	$(COMPILE) -c -o $@ $<

$(B)/share/locale/%/LC_MESSAGES/lb.mo: po/%.po
	@mkdir -p $(@D)
	msgfmt -c -o $@.tmp $< && mv $@.tmp $@

# The built-in policy: its text, and its tree packed by tools/ypack.c (so
# that no run parses it), a program for this machine only (no CFLAGS).
YPACK_SRC = tools/ypack.c lib/ynode.c lib/diag.c lib/xmem.c lib/sbuf.c lib/text.c
$(B)/tools/ypack: $(YPACK_SRC) lib/ynode.h lib/diag.h lib/xmem.h lib/sbuf.h \
    $(B)/werror
	@mkdir -p $(@D)
	$(CC) -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
		-Wall -Wextra $(WERROR) -Ilib $(PKG_CFLAGS) -O1 -o $@ \
		$(YPACK_SRC) $(PKG_LIBS)

$(B)/lib/default_policy.c: policy/default.yaml tools/embed.sh $(B)/tools/ypack
	@mkdir -p $(@D)
	{ sh tools/embed.sh policy_default_yaml policy/default.yaml && \
		$(B)/tools/ypack policy_default_tree policy/default.yaml; } \
		> $@.tmp && mv $@.tmp $@

$(B)/lib/default_policy.o: $(B)/lib/default_policy.c
	$(CC) $(CFLAGS) -Ilib -c -o $@ $<

$(B)/liblb.a: $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(B)/cmd/%.o: cmd/%.c $(B)/werror
	@mkdir -p $(@D)
	$(COMPILE) -c -o $@ $<

$(B)/bin/%: $(B)/cmd/%.o $(B)/liblb.a
	@mkdir -p $(@D)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/liblb.a $(LIBS)

$(B)/tests/%.o: tests/unit/%.c $(B)/werror
	@mkdir -p $(@D)
	$(COMPILE) -Itests/unit -c -o $@ $<

$(B)/tests/%.o: tests/tools/%.c $(B)/werror
	@mkdir -p $(@D)
	$(COMPILE) -c -o $@ $<

$(B)/tests/%: $(B)/tests/%.o $(B)/liblb.a
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(B)/liblb.a $(LIBS)

-include $(wildcard $(B)/*/*.d)

deps:
	@sh tools/deps.sh

# Every test, on a plain build and on an ASan+UBSan build; all three
# builds, clang's (when present) too, must compile warning-free.
check:
	@sh tools/deps.sh mandoc man-db gettext locales python3 python3-openpyxl python3-xlwt \
		chromium fonts-wqy-microhei \
		$$(test -e /usr/sbin/sendmail || echo exim4-daemon-light)
	@sh po/check.sh
	@$(MAKE) --no-print-directory WERROR=-Werror all
	@$(MAKE) --no-print-directory B=build/asan CFLAGS='$(ASAN_CFLAGS)' \
		LDFLAGS='-fsanitize=address,undefined' WERROR=-Werror all
	@if command -v clang >/dev/null 2>&1; then \
		$(MAKE) --no-print-directory B=build/clang CC=clang WERROR=-Werror all; fi
	@sh fuzz/run.sh 3 >build/fuzz-smoke.log 2>&1 || \
		{ tail -30 build/fuzz-smoke.log; echo "fuzz smoke failed: see build/fuzz-smoke.log"; exit 1; }
	@sh tests/run.sh build build/asan

demo: deps
	@$(MAKE) --no-print-directory all
	@sh examples/demo.sh build/bin build/demo
	@sh examples/demo-history.sh build/bin build/demo

# The catalogs are complete: every message of cmd/ and lib/ translated
# in every po/*.po (po/check.sh says which is not).
po-check:
	@sh tools/deps.sh gettext
	@sh po/check.sh

# After messages change: refresh po/lb.pot and merge it into each po/*.po
# (new messages come in untranslated, changed ones fuzzy); translate them,
# then make po-check.
pot:
	@sh tools/deps.sh gettext
	@sh po/mkpot.sh
	@for po in po/*.po; do msgmerge --quiet --update --backup=off $$po po/lb.pot; done

# Benchmarks against Miller, sqlite3 and a base build of another commit
# on generated data (bench/README.md).  BASE=<commit> names the base (the
# environment's BENCH_BASE too); none: no base; unset: the previous commit.
BENCH_RUN = BENCH_BASE='$(or $(BASE),$(BENCH_BASE))' sh bench/run.sh
bench: deps
	@$(MAKE) --no-print-directory all
	@$(BENCH_RUN) quick $(B)

bench-full: deps
	@$(MAKE) --no-print-directory all
	@$(BENCH_RUN) full $(B)

# Coverage-guided fuzzing of the parsers, FUZZ_TIME seconds per target.
FUZZ_TIME ?= 60
fuzz: deps
	@sh fuzz/run.sh $(FUZZ_TIME)

# What make check runs: a few seconds of each target.
fuzz-smoke: deps
	@sh fuzz/run.sh 3

install: all
	mkdir -p $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 \
		$(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7
	for c in $(CMDS); do install -m 755 $(B)/bin/$$c $(DESTDIR)$(BINDIR)/$$c; done
	for m in $(MAN1); do install -m 644 $$m $(DESTDIR)$(MANDIR)/man1/; done
	install -m 644 man/lb-policy.5 $(DESTDIR)$(MANDIR)/man5/
	install -m 644 man/lb.7 $(DESTDIR)$(MANDIR)/man7/
	for l in $(LINGUAS); do mkdir -p $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES && \
		install -m 644 $(B)/share/locale/$$l/LC_MESSAGES/lb.mo \
		$(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/lb.mo; done
	for l in $(MANLANGS); do d=$(DESTDIR)$(MANDIR)/$$l && \
		mkdir -p $$d/man1 $$d/man5 $$d/man7 && \
		for c in $(CMDS); do install -m 644 man/$$l/$$c.1 $$d/man1/ || exit 1; done && \
		install -m 644 man/$$l/lb-policy.5 $$d/man5/ && \
		install -m 644 man/$$l/lb.7 $$d/man7/ || exit 1; done
	install -m 755 examples/cron/lb-weekly.sh $(DESTDIR)$(BINDIR)/lb-weekly
	mkdir -p $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 completion/lb.bash $(DESTDIR)$(BASHCOMPDIR)/lb-enroll
	for c in $(filter-out lb-enroll,$(CMDS)); do \
		ln -sf lb-enroll $(DESTDIR)$(BASHCOMPDIR)/$$c; done

uninstall:
	for c in $(CMDS); do rm -f $(DESTDIR)$(BINDIR)/$$c; done
	for m in $(CMDS); do rm -f $(DESTDIR)$(MANDIR)/man1/$$m.1; done
	rm -f $(DESTDIR)$(MANDIR)/man5/lb-policy.5 $(DESTDIR)$(MANDIR)/man7/lb.7
	for l in $(LINGUAS); do rm -f $(DESTDIR)$(LOCALEDIR)/$$l/LC_MESSAGES/lb.mo; done
	for l in $(MANLANGS); do d=$(DESTDIR)$(MANDIR)/$$l && \
		for c in $(CMDS); do rm -f $$d/man1/$$c.1; done && \
		rm -f $$d/man5/lb-policy.5 $$d/man7/lb.7; done
	rm -f $(DESTDIR)$(BINDIR)/lb-weekly
	for c in $(CMDS); do rm -f $(DESTDIR)$(BASHCOMPDIR)/$$c; done

clean:
	rm -rf build

.PHONY: all deps check demo bench bench-full fuzz fuzz-smoke install uninstall clean \
	po-check pot FORCE
.SECONDARY:
