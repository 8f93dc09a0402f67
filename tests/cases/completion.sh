# The bash completion (completion/gen-completion, made from initscan's own
# --usage and messages) and make install / make uninstall.
completion=$work/initscan.bash
if ! "$here/../completion/gen-completion" "$bin" > "$completion" || [ ! -s "$completion" ]; then
  bad "completion: gen-completion failed"
else
  # complete WORD...: what _initscan offers for the last WORD, sorted, in
  # a directory with a file, a log and a directory.
  mkdir -p "$work/complete/srcdir"; : > "$work/complete/boot.log"; : > "$work/complete/vmlinux"
  complete_words() {
    (cd "$work/complete" && bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
      _initscan || echo "_initscan failed"; printf "%s\n" "${COMPREPLY[@]}"' _ "$completion" "$@") \
      | sort | tr '\n' ' ' | sed 's/ $//'
  }
  expect_eq "completion: --fo" "--format=" "$(complete_words initscan --fo)"
  expect_eq "completion: --d" "--dmesg=" "$(complete_words initscan --d)"
  expect_eq "completion: options" \
    "$(initscan_rc 0 --usage | grep -oE '\[--[a-z0-9-]+' | tr -d '[' | sort | tr '\n' ' ' | sed 's/ $//')" \
    "$(complete_words initscan -- | sed 's/=//g')"
  expect_eq "completion: --sort=" "run time" "$(complete_words initscan --sort=)"
  expect_eq "completion: --by =" "file section symbol" "$(complete_words initscan --by =)"
  expect_eq "completion: --rules" "6.1 6.12" "$(complete_words initscan --rules '')"
  expect_eq "completion: -f j" "json" "$(complete_words initscan -f j)"
  expect_eq "completion: --format = s" "sarif svg" "$(complete_words initscan --format = s)"
  # every format offered is one initscan takes ("--form", argp's
  # abbreviation: the schema check keeps what "--format=json" prints)
  for value in $(complete_words initscan --format=); do
    initscan_rc 0 --form="$value" --usage > /dev/null || bad "completion: --format=$value refused"
  done
  expect_eq "completion: --dmesg=" "boot.log srcdir vmlinux" "$(complete_words initscan --dmesg=)"
  expect_eq "completion: --dmesg b" "boot.log" "$(complete_words initscan --dmesg b)"
  expect_eq "completion: --source-root=" "srcdir" "$(complete_words initscan --source-root=)"
  expect_eq "completion: --baseline=v" "vmlinux" "$(complete_words initscan --baseline=v)"
  expect_eq "completion: -j" "" "$(complete_words initscan -j '')"
  expect_eq "completion: first input" "diff" "$(complete_words initscan --format json di)"
  expect_eq "completion: inputs" "boot.log diff srcdir vmlinux" "$(complete_words initscan -j 2 '')"
  expect_eq "completion: second input" "boot.log srcdir vmlinux" "$(complete_words initscan vmlinux '')"
  expect_eq "completion: diff OLD" "vmlinux" "$(complete_words initscan diff v)"
fi

# make install puts the program, the manual and the completion under
# DESTDIR; make uninstall removes them all (once: it installs the plain build).
if [ "$bin" = "$first_bin" ]; then
  dest=$work/destdir
  if ! make -s -C "$here/.." install DESTDIR="$dest" PREFIX=/usr > "$work/install.log" 2>&1; then
    bad "make install: $(tail -3 "$work/install.log")"
  else
    expect_eq "make install" \
      "usr/bin/initscan usr/share/bash-completion/completions/initscan usr/share/man/man1/initscan.1" \
      "$(cd "$dest" && find . -type f | sed 's|^\./||' | sort | tr '\n' ' ' | sed 's/ $//')"
    expect_eq "make install: completion" "--format=" \
      "$(bash -c 'source "$1"; COMP_WORDS=(initscan --form); COMP_CWORD=1; _initscan; echo "${COMPREPLY[@]}"' \
           _ "$dest/usr/share/bash-completion/completions/initscan")"
    make -s -C "$here/.." uninstall DESTDIR="$dest" PREFIX=/usr > "$work/install.log" 2>&1 \
      || bad "make uninstall: $(tail -3 "$work/install.log")"
    expect_eq "make uninstall" "" "$(find "$dest" -type f)"
  fi
fi
