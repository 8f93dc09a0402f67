# Sourced by run-tests: every JSON document the cases make is checked
# against docs/*.schema.json.  json_schema_wrap puts each binary of $bins
# behind keep-json (a script per binary in $work, so that they stay
# distinct); json_schema_check validates what they kept.
json_schema_dir=$work/json-docs

json_schema_wrap() {
  rm -rf "$json_schema_dir"
  mkdir -p "$json_schema_dir"
  local i
  for i in "${!bins[@]}"; do
    mkdir -p "$work/bin$i"
    printf '#!/bin/bash\nINITSCAN_BIN=%q INITSCAN_JSON_DIR=%q exec %q "$@"\n' \
      "${bins[$i]}" "$json_schema_dir" "$here/schema/keep-json" > "$work/bin$i/initscan"
    chmod +x "$work/bin$i/initscan"
    bins[$i]=$work/bin$i/initscan
  done
}

json_schema_check() {
  if "$here/schema/validate" "$json_schema_dir" > "$work/json-schema.log" 2>&1; then
    ok; tail -1 "$work/json-schema.log"
  else
    bad "JSON documents that break their schema (docs/*.schema.json):"; head -20 "$work/json-schema.log"
  fi
}
