# SARIF (sourced by run-tests in run_cases): what GitHub code scanning
# ingests, checked by Microsoft's validator with its GitHub rules (installed
# by make check from tests/tools/package.json) on a module, an object, a
# linked image, an object without DWARF and a run with failed inputs; and
# what the validator cannot know, against JSON, nm and readelf.

sarif_validator=$here/tools/node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool

# sarif_validate NAME FILE: the validator's GitHub and SARIF rules report
# no error and no warning on FILE.
sarif_validate() {
  local name=$1 file=$2 log=$work/$1.validation.sarif
  if [ ! -x "$sarif_validator" ]; then
    bad "$name: the SARIF validator is not installed (make check runs npm ci in tests/tools)"
    return
  fi
  rm -f "$log"
  if ! "$sarif_validator" validate --rule-kind "Sarif;Gh" --output "$log" "$file" \
         > "$work/$name.validation.txt" 2>&1 || [ ! -s "$log" ]; then
    bad "$name: the validator failed: $(tail -3 "$work/$name.validation.txt")"
    return
  fi
  local found
  found=$(jq -r '.runs[].results[]? | select((.level // "warning") | IN("error", "warning"))
                 | "\(.ruleId): \(.message.text)"' "$log")
  if [ -n "$found" ]; then bad "$name: the validator reports:"; echo "$found" | head -5 | cut -c1-300
  else ok; fi
}

# sarif_run NAME RC ARGS...: initscan -f sarif ARGS exits RC and writes a
# document the validator accepts, to $work/NAME.sarif.
sarif_run() {
  local name=$1 rc=$2; shift 2
  "$bin" -f sarif "$@" > "$work/$name.sarif" 2> "$work/$name.sarif.err"
  local actual=$?
  if [ $actual != "$rc" ] || [ ! -s "$work/$name.sarif" ]; then
    bad "$name: exit $actual, expected $rc with a report ($(head -c 300 "$work/$name.sarif.err"))"
    return
  fi
  ok
  sarif_validate "$name" "$work/$name.sarif"
}

sarif_run sarif-module 1 sarif-module.ko
sarif_run sarif-object 1 mismatch-x86_64.o
sarif_run sarif-vmlinux 1 mismatch-x86_64-vmlinux
sarif_run sarif-nodebug 1 sarif-nodebug.o
sarif_run sarif-failed 2 sarif-module.ko empty-relocs-vmlinux broken/huge-section "$work/no-such-file"
sarif_run sarif-source-root 1 --source-root="$here" sarif-module.ko
sarif_run sarif-prefix-map 1 sarif-prefix-map.o

# The check above can fail: a document whose rules lack help is refused.
jq 'del(.runs[0].tool.driver.rules[].help)' "$work/sarif-object.sarif" > "$work/sarif-no-help.sarif"
if [ ! -s "$work/sarif-no-help.sarif" ]; then
  bad "validator refuses rules without help: no sarif-object.sarif to start from"
elif [ -x "$sarif_validator" ]; then
  expect_eq "validator refuses rules without help" "FAIL" \
    "$(fail=0 pass=0; sarif_validate sarif-no-help "$work/sarif-no-help.sarif" > /dev/null
       [ $fail = 1 ] && echo FAIL || echo pass)"
fi

# One result per finding, at its source line when DWARF has one, else at
# the bytes of the image holding the reference; fingerprints as in JSON;
# the level the text report gives its unsuppressed ones.
for f in sarif-module.ko mismatch-x86_64.o mismatch-x86_64-vmlinux sarif-nodebug.o; do
  json=$(initscan_rc 1 -f json "$f" | jq -c '[.images[0].mismatches[] | {fp: .fingerprint, line: .from.source.line}] | sort')
  sarif=$(initscan_rc 1 -f sarif "$f" | jq -c '[.runs[0].results[] | {fp: .partialFingerprints."initscanFingerprint/v1",
            line: .locations[0].physicalLocation.region.startLine}] | sort')
  expect_same "$f: SARIF results are the JSON findings" "$json" "$sarif"
  expect_eq "$f: SARIF levels as the text report" \
    "$(initscan_rc 1 --no-source "$f" | grep -c ': warning: section mismatch:') warning" \
    "$(initscan_rc 1 -f sarif "$f" | jq -r '[.runs[0].results[] | select(.suppressions == null) | .level]
                                | "\(length) \(unique | join(","))"')"
done
expect_eq "every result has a line or a byte range" "4 0" \
  "$(cat "$work"/sarif-{module,object,vmlinux,nodebug}.sarif | jq -s '"\(length) \([.[].runs[0].results[].locations[0].physicalLocation.region
     | select((.startLine // 0) < 1 and ((.byteOffset == null) or (.byteLength // 0) < 1))] | length)"' -r)"

# Without DWARF: the bytes of the referencing symbol in the file (readelf's
# section offset plus nm's symbol value, nm's size), in the image itself.
nodebug_data_off=$(readelf -SW sarif-nodebug.o | sed 's/^ *\[ *[0-9]*\] *//' | awk '$1 == ".data" {print $4}')
read -r sym_value sym_size < <(nm -S sarif-nodebug.o | awk '$4 == "bad_data_points_to_init" {print $1, $2}')
expect_eq "no DWARF: the referencing symbol's bytes" \
  "file://$PWD/sarif-nodebug.o $((16#$nodebug_data_off + 16#$sym_value)) $((16#$sym_size))" \
  "$(jq -r '.runs[0].results[] | select(.message.text | contains("bad_data_points_to_init ("))
     | .locations[0].physicalLocation | "\(.artifactLocation.uri) \(.region.byteOffset) \(.region.byteLength)"' \
     "$work/sarif-nodebug.sarif")"

# Source paths relative to the tree the fixtures were compiled in (the
# compilation directory, tests/fixtures), or to --source-root; JSON too.
expect_eq "%SRCROOT%: the compilation directory" "file://$here/fixtures/ mismatch.c %SRCROOT%" \
  "$(jq -r '.runs[0] | "\(.originalUriBaseIds."%SRCROOT%".uri) \(.results[0].locations[0].physicalLocation.artifactLocation
     | "\(.uri) \(.uriBaseId)")"' "$work/sarif-module.sarif")"
expect_eq "%SRCROOT%: unknown where the build mapped its directory away" "null mismatch.c %SRCROOT%" \
  "$(jq -r '.runs[0] | "\(.originalUriBaseIds."%SRCROOT%".uri) \(.results[0].locations[0].physicalLocation.artifactLocation
     | "\(.uri) \(.uriBaseId)")"' "$work/sarif-prefix-map.sarif")"
expect_eq "--source-root: SARIF" "file://$here/ fixtures/mismatch.c" \
  "$(jq -r '.runs[0] | "\(.originalUriBaseIds."%SRCROOT%".uri) \(.results[0].locations[0].physicalLocation.artifactLocation.uri)"' \
     "$work/sarif-source-root.sarif")"
expect_eq "--source-root: JSON" "fixtures/mismatch.c fixtures/module.c" \
  "$(initscan_jq 1 '.images[0] | "\(.mismatches[0].from.source.file) \(.module.init_source.file)"' --source-root="$here" sarif-module.ko)"
# a tree built elsewhere: its paths stay relative to it, taken to be at DIR
expect_eq "--source-root: a tree built elsewhere" "mismatch.c" \
  "$(initscan_jq 1 '.images[0].mismatches[0].from.source.file' --source-root="$work" sarif-module.ko)"
"$bin" --source-root="$work/no-such-dir" sarif-module.ko > /dev/null 2> "$work/source-root.err"
source_root_rc=$?
expect_eq "--source-root: a missing directory" "fails initscan: --source-root: $work/no-such-dir: No such file or directory" \
  "$([ $source_root_rc != 0 ] && echo fails) $(head -1 "$work/source-root.err")"

# The invocation: inputs that failed (error) or could not be checked
# (warning) make it unsuccessful; a clean run is successful.
expect_eq "invocation: failed and unchecked inputs" \
  "false warning:empty-relocs-vmlinux error:broken/huge-section error:$work/no-such-file" \
  "$(jq -r '.runs[0].invocations[0] | "\(.executionSuccessful) \([.toolExecutionNotifications[]
     | "\(.level):\(.message.text | split(": ")[0])"] | join(" "))"' "$work/sarif-failed.sarif")"
expect_eq "invocation: a clean run" "true 0" \
  "$(jq -r '.runs[0].invocations[0] | "\(.executionSuccessful) \(.toolExecutionNotifications | length)"' \
     "$work/sarif-module.sarif")"

# Every rule has help (text and markdown) and a help page.
expect_eq "rules with help" "$(jq '.runs[0].tool.driver.rules | length' "$work/sarif-module.sarif") 0" \
  "$(jq '.runs[0].tool.driver.rules | "\(length) \([.[] | select(.help.text == null or .help.markdown == null
     or (.helpUri | test("^https://") | not))] | length)"' -r "$work/sarif-module.sarif")"

# Every report names the rule set: SARIF per input, beside mismatchesChecked.
expect_eq "SARIF names the rule set" "6.12 default" \
  "$(jq -r '.runs[0].invocations[0].properties.inputs[0].rules | "\(.version) \(.from)"' "$work/sarif-object.sarif")"
