# The sources' layering (tests/check-layers, README.md "Layout"): no
# #include cycle between files, no folder reaching up the pipeline.  It
# looks at the sources, not at a binary: counted once per run.
if [ "$bin" = "$first_bin" ]; then
  if layers_out=$("$here/check-layers" "$here/.." 2>&1); then
    ok
  else
    bad "check-layers: $(head -5 <<< "$layers_out")"
  fi
fi
