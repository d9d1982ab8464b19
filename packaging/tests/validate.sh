#!/usr/bin/env bash
# validate.sh TOOL ARGS...: runs a validator (desktop-file-validate, appstreamcli) and fails on what it
# reports; exits 77 (CTest's SKIP_RETURN_CODE) when the tool is not installed.
set -uo pipefail
tool=$1
if ! command -v "$tool" >/dev/null; then
    echo "SKIP: $tool is not installed (apt install desktop-file-utils appstream)"
    exit 77
fi
output=$("$@" 2>&1)
status=$?
printf '%s\n' "$output"
# desktop-file-validate exits 0 on warnings; a warning is still a defect in a file we write.
if [ $status -ne 0 ] || grep -qiE '^[^ ]+: (error|warning)' <<<"$output"; then
    echo "FAIL: $* reported problems"
    exit 1
fi
echo "OK: $*"
