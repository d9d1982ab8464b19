#!/usr/bin/env bash
# deb-install-test.sh BUILD_DIR VERSION APP_ID
#
# What a user gets from the .deb, checked end to end from a build tree:
#   1. cpack builds the .deb (Depends computed by dpkg-shlibdeps);
#   2. its control data: name, version, architecture, and every Depends satisfied by this system;
#   3. dpkg installs it into a private root (its own --instdir and --admindir: the system's files and
#      package database are never touched) and the files land where they should;
#   4. the installed programs run from there (LD_LIBRARY_PATH unset, no RPATH into the build tree):
#      --version of each, and the app under Xvfb with the demo sandbox saves a picture of its window
#      that is a real window, not a blank;
#   5. the menu entry, AppStream metadata, icons and man pages are where menus, software centres and man
#      look, and validate;
#   6. dpkg --purge leaves the root exactly as it was before the install.
# Exits 77 (CTest's SKIP_RETURN_CODE) when a tool it needs is missing.
set -euo pipefail

build_dir=$1
version=$2
app_id=$3
cpack=${CPACK_COMMAND:-cpack}

skip() {
    echo "SKIP: $*"
    exit 77
}
fail() {
    echo "FAIL: $*" >&2
    exit 1
}
step() { printf '\n== %s\n' "$*"; }

for tool in dpkg dpkg-deb dpkg-shlibdeps dpkg-query xvfb-run xauth identify readelf; do
    command -v "$tool" >/dev/null ||
        skip "$tool is not installed (apt install dpkg-dev xvfb xauth imagemagick binutils)"
done
command -v "$cpack" >/dev/null || skip "cpack not found"
dpkg_wrap=()
if [ "$(id -u)" -ne 0 ]; then
    # dpkg sets owners as it unpacks: without root, fakeroot pretends.
    command -v fakeroot >/dev/null || skip "not root and fakeroot is not installed"
    dpkg_wrap=(fakeroot)
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/infrahub-deb-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
started=$(date +%s.%N)
passed=0
check() { # check DESCRIPTION: counts a check that has passed (a failing one has already exited)
    passed=$((passed + 1))
    echo "ok - $*"
}

step "Building the .deb with cpack"
"$cpack" --config "$build_dir/CPackConfig.cmake" -G DEB -B "$work/out" >"$work/cpack.log" 2>&1 ||
    {
        cat "$work/cpack.log"
        fail "cpack -G DEB failed"
    }
deb=$(find "$work/out" -maxdepth 1 -name '*.deb' | head -n1)
[ -n "$deb" ] || fail "cpack made no .deb: $(cat "$work/cpack.log")"
deb_bytes=$(stat -c %s "$deb")
check "built $(basename "$deb") ($deb_bytes bytes) in $(awk "BEGIN{print $(date +%s.%N)-$started}") s"

step "Control data"
field() { dpkg-deb -f "$deb" "$1"; }
dpkg-deb -I "$deb" | sed 's/^/    /'
[ "$(field Package)" = infrahub-console ] || fail "Package is '$(field Package)'"
[ "$(field Version)" = "$version" ] || fail "Version is '$(field Version)', the project's is $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture is '$(field Architecture)'"
check "package infrahub-console $version for $(field Architecture)"
depends=$(field Depends)
dep_names=$(tr ',|' '\n' <<<"$depends" | sed -E 's/\(.*\)//; s/ //g' | grep . | sort -u)
# Computed by dpkg-shlibdeps from the programs' libraries, so Qt's and the C++ runtime's must be there.
for wanted in libc6 libstdc++6 libqt6core6 libqt6gui6 libqt6widgets6 libqt6network6 libqt6svg6; do
    grep -qxF "$wanted" <<<"$dep_names" || fail "Depends lacks $wanted: $depends"
done
check "Depends names the shared libraries' packages (shlibdeps) and the SVG icon engine"
# Every dependency (each "a | b" group by at least one alternative, with its version) is installed here.
IFS=',' read -ra groups <<<"$depends"
for group in "${groups[@]}"; do
    satisfied=no
    IFS='|' read -ra alternatives <<<"$group"
    for alternative in "${alternatives[@]}"; do
        read -r name op ver <<<"$(sed -E 's/[()]//g' <<<"$alternative")"
        installed=$(dpkg-query -W -f='${db:Status-Status} ${Version}' "$name" 2>/dev/null || true)
        [ "${installed%% *}" = installed ] || continue
        if [ -z "${op:-}" ] || dpkg --compare-versions "${installed#* }" "$op" "$ver"; then
            satisfied=yes
            break
        fi
    done
    [ $satisfied = yes ] || fail "dependency not satisfied on this system: $group"
done
check "all ${#groups[@]} Depends are satisfied by this system's packages"

step "Contents"
dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's#^\./#/#' | sort >"$work/contents"
expect_file() { grep -qx "$1" "$work/contents" || fail "the package lacks $1"; }
programs=$(grep -E '^/usr/bin/[^/]+$' "$work/contents" | xargs -n1 basename)
for program in infrahub-console infrahub-sandbox infrahub-sweep; do
    grep -qx "$program" <<<"$programs" || fail "the package lacks /usr/bin/$program"
done
for program in $programs; do
    expect_file "/usr/share/man/man1/$program.1.gz"
done
check "programs: ${programs//$'\n'/ } (each with its man page)"
expect_file "/usr/share/applications/$app_id.desktop"
expect_file "/usr/share/metainfo/$app_id.metainfo.xml"
expect_file /usr/share/icons/hicolor/scalable/apps/infrahub-console.svg
for size in 16 22 24 32 48 64 128 256 512; do
    expect_file "/usr/share/icons/hicolor/${size}x${size}/apps/infrahub-console.png"
done
expect_file /usr/share/infrahub-console/platforms.yaml
check "desktop entry, AppStream metadata, icons (SVG + 9 PNG sizes) and platforms.yaml are in the package"
if grep -vE '^/usr(/|$)|^/$' "$work/contents"; then fail "files outside /usr (above)"; fi
check "nothing outside /usr"

step "Installing into a private root"
root="$work/root"
admin="$work/admin"
mkdir -p "$root" "$admin/info" "$admin/updates" "$admin/triggers"
touch "$admin/status" "$admin/available"
(cd "$root" && find . | sort) >"$work/before"
system_state=$(dpkg-query -W -f='${db:Status-Status}' infrahub-console 2>/dev/null || echo absent)
dpkg_private=("${dpkg_wrap[@]}" dpkg --instdir="$root" --admindir="$admin" --log="$work/dpkg.log")
[ "$(id -u)" -eq 0 ] || dpkg_private+=(--force-not-root)
# The dependencies were checked against the system above; the private database has none of them.
"${dpkg_private[@]}" --force-depends --install "$deb" >"$work/install.log" 2>&1 ||
    {
        cat "$work/install.log"
        fail "dpkg --install failed"
    }
[ "$(dpkg-query --admindir="$admin" -W -f='${db:Status-Status} ${Version}' infrahub-console)" = "installed $version" ] ||
    fail "dpkg does not list infrahub-console $version as installed"
installed_files=$(dpkg-query --admindir="$admin" -L infrahub-console | grep -c . || true)
check "dpkg installed it ($installed_files paths, Installed-Size $(field Installed-Size) KiB)"

step "Running the installed programs"
# As a user's shell would: none of the build's or a developer's library or plugin paths.
run_env=(env -u LD_LIBRARY_PATH -u QT_PLUGIN_PATH -u QT_QPA_PLATFORM_PLUGIN_PATH -u QML2_IMPORT_PATH
    HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share"
    XDG_CACHE_HOME="$work/home/.cache" XDG_RUNTIME_DIR="$work/runtime")
mkdir -p "$work/home" "$work/runtime"
chmod 700 "$work/runtime"
for program in $programs; do
    binary="$root/usr/bin/$program"
    if readelf -d "$binary" | grep -E 'R(UN)?PATH' | grep -q "$build_dir"; then
        fail "$program has an RPATH into the build tree: $(readelf -d "$binary" | grep -E 'R(UN)?PATH')"
    fi
    if "${run_env[@]}" ldd "$binary" | grep -q 'not found'; then
        fail "$program: libraries not found: $("${run_env[@]}" ldd "$binary" | grep 'not found')"
    fi
    out=$("${run_env[@]}" QT_QPA_PLATFORM=offscreen timeout -s KILL 30 "$binary" --version 2>&1) ||
        fail "$program --version failed: $out"
    first_line=${out%%$'\n'*}
    [ "$first_line" = "$program $version" ] || [ "${first_line#"$program $version "}" != "$first_line" ] ||
        fail "$program --version says '$out', not '$program $version'"
done
check "every installed program resolves its libraries and its --version starts '<name> $version'"

shot="$work/window.png"
# The xcb platform, as on a desktop (not offscreen): a real X connection, window and paint. Qt's plugin
# loading is logged so what it loaded at run time can be checked against Depends below.
if ! "${run_env[@]}" QT_QPA_PLATFORM=xcb QT_DEBUG_PLUGINS=1 timeout -s KILL 120 \
    xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" \
    "$root/usr/bin/infrahub-console" --demo --screenshot "$shot" >"$work/app.log" 2>&1; then
    tail -n 40 "$work/app.log"
    fail "the installed app did not start and save its window under Xvfb"
fi
[ -s "$shot" ] || fail "the app saved no picture"
read -r width height colours < <(identify -format '%w %h %k\n' "$shot")
echo "    window picture: ${width}x${height}, $colours colours"
if [ "$width" -lt 640 ] || [ "$height" -lt 400 ]; then fail "the window is only ${width}x${height}"; fi
# A blank or half-drawn window has a handful of colours; the demo's tables, text and icons have many.
[ "$colours" -ge 200 ] || fail "the window picture has only $colours colours: not a drawn window"
cp "$shot" "$build_dir/packaging/deb-test-window.png" 2>/dev/null || true # for a person to look at
check "the installed app started under Xvfb (xcb) with the demo sandbox and drew a ${width}x${height} window"
# Plugins live outside the libraries dpkg-shlibdeps sees: each one loaded must come from a package the
# .deb depends on (directly, or through a Depends of one of those).
dep_closure=$( (
    echo "$dep_names"
    for name in $dep_names; do
        dpkg-query -W -f='${Depends}\n' "$name" 2>/dev/null | tr ',|' '\n' | sed -E 's/\(.*\)//; s/:any//; s/ //g'
    done
) | grep . | sort -u)
plugins=$(grep -oE '"/[^"]+\.so" loaded library' "$work/app.log" | grep -oE '/[^"]+\.so' | sort -u || true)
[ -n "$plugins" ] || fail "no Qt plugin loading was logged (QT_DEBUG_PLUGINS)"
for plugin in $plugins; do
    owner=$(dpkg-query -S "$plugin" 2>/dev/null | head -n1 | cut -d: -f1)
    [ -n "$owner" ] || fail "plugin $plugin belongs to no package"
    grep -qxF "$owner" <<<"$dep_closure" || fail "plugin $plugin comes from $owner, which Depends does not bring"
done
check "all $(wc -w <<<"$plugins") Qt plugins the app loaded come from packages Depends brings"

step "Desktop integration where menus look"
desktop="$root/usr/share/applications/$app_id.desktop"
if command -v desktop-file-validate >/dev/null; then
    desktop-file-validate "$desktop" || fail "desktop-file-validate reported errors"
fi
exec_name=$(sed -n 's/^Exec=\([^ ]*\).*/\1/p' "$desktop")
[ -x "$root/usr/bin/$exec_name" ] || fail "Exec=$exec_name is not an installed program"
icon_name=$(sed -n 's/^Icon=//p' "$desktop")
[ -f "$root/usr/share/icons/hicolor/scalable/apps/$icon_name.svg" ] || fail "no scalable icon '$icon_name'"
for png in "$root"/usr/share/icons/hicolor/*x*/apps/"$icon_name".png; do
    dir_size=$(basename "$(dirname "$(dirname "$png")")")
    [ "$(identify -format '%wx%h' "$png")" = "$dir_size" ] || fail "$png is not $dir_size"
done
metainfo="$root/usr/share/metainfo/$app_id.metainfo.xml"
grep -q "<launchable type=\"desktop-id\">$app_id.desktop</launchable>" "$metainfo" ||
    fail "the AppStream launchable does not name $app_id.desktop"
grep -q "<release version=\"$version\"" "$metainfo" || fail "the AppStream release is not $version"
if command -v appstreamcli >/dev/null; then
    appstreamcli validate --no-net "$metainfo" || fail "appstreamcli validate reported problems"
fi
for program in $programs; do
    zcat "$root/usr/share/man/man1/$program.1.gz" | grep -q "^\.TH \"\?${program^^}" ||
        fail "the man page of $program has no .TH header"
done
check "Exec and Icon resolve in the installed tree, PNG sizes match their folders, AppStream and man pages are sound"

step "Removing"
"${dpkg_private[@]}" --purge infrahub-console >"$work/remove.log" 2>&1 ||
    {
        cat "$work/remove.log"
        fail "dpkg --purge failed"
    }
(cd "$root" && find . | sort) >"$work/after"
if ! diff -u "$work/before" "$work/after"; then fail "files were left behind after dpkg --purge (above)"; fi
[ -z "$(dpkg-query --admindir="$admin" -W -f='${db:Status-Status}' infrahub-console 2>/dev/null)" ] ||
    dpkg-query --admindir="$admin" -W -f='${db:Status-Status}\n' infrahub-console | grep -qx not-installed ||
    fail "dpkg still lists infrahub-console after --purge"
[ "$(dpkg-query -W -f='${db:Status-Status}' infrahub-console 2>/dev/null || echo absent)" = "$system_state" ] ||
    fail "the system's package database changed"
check "dpkg --purge removed all $installed_files paths; the root is as before and the system untouched"

elapsed=$(awk "BEGIN{printf \"%.1f\", $(date +%s.%N)-$started}")
printf '\n.deb: %s bytes (%s KiB installed), test time %s s\n' "$deb_bytes" "$(field Installed-Size)" "$elapsed"
echo "$passed passed, 0 failed"
