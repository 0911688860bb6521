#!/usr/bin/env bash
# The Debian package, built as README's "Install" section says, and checked
# as Debian checks packages.
#
#   package.sh REPO_ROOT BUILD_DIR
#
# BUILD_DIR is a Release build tree (-DCKIMPORT_TESTS=OFF
# -DCMAKE_INSTALL_PREFIX=/usr, no sanitizers), kept between runs: only what
# changed is rebuilt. A full build takes a few minutes on 2 cores.
#
#   1  cpack -G DEB builds ckimport_<version>_<arch>.deb, from a Release build
#      that prints no warning (the suite's GCC build)
#   2  lintian: no error and no warning (info tags are shown, see below)
#   3  dpkg-deb -I: Depends, derived by dpkg-shlibdeps (CPack's
#      CPACK_DEBIAN_PACKAGE_SHLIBDEPS, no hand-written CPACK_DEBIAN_PACKAGE_DEPENDS),
#      names libsimdjson14 and libfmt9
#   4  dpkg-deb -c: the files, where Debian wants them, root:root, 0755
#      folders and the binary, 0644 files; md5sums match; the binary stripped
#   5  extracted into a throwaway root (dpkg-deb -x): ROOT/usr/bin/ckimport
#      passes the example's golden test (tests/golden/cases/example: every
#      format, exit status 0)
#   6  the man page: `man -l` and lintian's `man --warnings` print no
#      warning, `mandoc -T lint` and `groff -ww -z -man` say nothing
#   7  the installed completions pass tests/packaging/completions.sh, and
#      are where bash-completion, fish and zsh look for them
#
# lintian's info tags (not warnings) on this package, kept:
#   hardening-no-bindnow, hardening-no-fortify-functions: the build uses
#     the project's flags, not dpkg-buildflags (-D_FORTIFY_SOURCE=2,
#     -Wl,-z,now); Debian's compiler defaults give PIE and RELRO
#   binary-has-unneeded-section .comment: CPack strips with plain `strip`
#
# Needs cmake, cpack, dpkg-deb, dpkg-shlibdeps (dpkg-dev), lintian, man
# (man-db), mandoc, groff, gzip, bash-completion, fish, zsh, and what
# completions.sh needs. A missing
# one prints SKIPPED and exits 77 (ctest: skipped), unless
# CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1, when it is a failure.
set -euo pipefail

if [[ $# -ne 2 ]]; then
  echo "usage: $0 REPO_ROOT BUILD_DIR" >&2
  exit 2
fi
root=$(realpath "$1")
build=$2
here=$(dirname "$(realpath "$0")")

missing=()
for tool in cmake cpack dpkg-deb dpkg-shlibdeps lintian man mandoc groff gzip readelf md5sum fish zsh; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[[ -f /usr/share/bash-completion/bash_completion ]] || missing+=(bash-completion)
if ((${#missing[@]})); then
  if [[ ${CKIMPORT_REQUIRE_INTEGRATION_TOOLS:-} == 1 ]]; then
    echo "FAIL: missing ${missing[*]} (CKIMPORT_REQUIRE_INTEGRATION_TOOLS=1)"
    exit 1
  fi
  echo "SKIPPED: missing ${missing[*]} (Debian packages cmake, dpkg-dev, lintian, man-db, mandoc, groff, bash-completion, fish, zsh)"
  exit 77
fi

failures=0
fail() {
  echo "FAIL: $*"
  failures=$((failures + 1))
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The package, as README says (a Release build without tests).
mkdir -p "$build"
build=$(realpath "$build")
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DCKIMPORT_TESTS=OFF -DCKIMPORT_SANITIZE=OFF \
  -DCKIMPORT_WERROR=OFF -DCMAKE_INSTALL_PREFIX=/usr >"$work/configure.log" || {
  cat "$work/configure.log"
  exit 1
}
cmake --build "$build" -j"$(nproc)" >"$work/build.log" 2>&1 || {
  tail -50 "$work/build.log"
  exit 1
}
# This Release build is the suite's GCC build (the sanitizer build of
# tests/run-all.sh is clang's, for libFuzzer): a GCC warning fails here.
# Only what changed since the last run is compiled, so a kept build tree
# shows only its new warnings; CI's is always new.
if grep -E 'warning: ' "$work/build.log" >"$work/warnings.log"; then
  sed 's/^/  /' "$work/warnings.log"
  fail "the Release build (GCC) printed warnings (above)"
fi
rm -f "$build"/ckimport_*.deb
(cd "$build" && cpack -G DEB >"$work/cpack.log" 2>&1) || {
  cat "$work/cpack.log"
  exit 1
}
debs=("$build"/ckimport_*.deb)
[[ ${#debs[@]} == 1 && -f ${debs[0]} ]] || { echo "FAIL: cpack made no ckimport_*.deb"; cat "$work/cpack.log"; exit 1; }
deb=${debs[0]}
version=$(dpkg-deb -f "$deb" Version)  # checked against the binary's --version below
arch=$(dpkg --print-architecture)
[[ $(basename "$deb") == "ckimport_${version}_${arch}.deb" ]] || fail "package file named $(basename "$deb")"
echo "ok: built $(basename "$deb")"

# 2. lintian. As root it says it should not be; that is not about the package.
lintian --display-info "$deb" >"$work/lintian.log" 2>&1 || true
grep -v '^running with root privileges is not recommended!$' "$work/lintian.log" >"$work/lintian.tags" || true
echo "lintian:"
sed 's/^/  /' "$work/lintian.tags"
if grep -E '^[EW]: ' "$work/lintian.tags" >/dev/null; then
  fail "lintian reports errors or warnings (above)"
fi
if grep -vE '^(I|N): ' "$work/lintian.tags" | grep -q .; then
  fail "lintian printed something other than tags (above)"
fi

# 3. Depends, from dpkg-shlibdeps.
echo "dpkg-deb -I:"
dpkg-deb -I "$deb" | sed 's/^/  /'
depends=$(dpkg-deb -f "$deb" Depends)
for library in libsimdjson14 libfmt9 libc6 libstdc++6; do
  [[ $depends =~ (^|, )"$library (>= " ]] || fail "Depends has no versioned $library: $depends"
done
grep -q 'CPACK_DEBIAN_PACKAGE_SHLIBDEPS "ON"' "$build/CPackConfig.cmake" || fail "CPACK_DEBIAN_PACKAGE_SHLIBDEPS is not ON"
! grep -q 'CPACK_DEBIAN_PACKAGE_DEPENDS' "$build/CPackConfig.cmake" || fail "Depends is hand-listed in the CPack config"
for field in Package:ckimport Architecture:$arch Section:devel Priority:optional \
             Homepage:https://github.com/ckimport/ckimport; do
  [[ $(dpkg-deb -f "$deb" "${field%%:*}") == "${field#*:}" ]] || fail "control field ${field%%:*} is not ${field#*:}"
done

# 4. The files, their owners and modes.
dpkg-deb -c "$deb" | awk '{print $1, $2, $6}' | sort -k3 >"$work/contents"
cat >"$work/expected" <<'EOF'
drwxr-xr-x root/root ./usr/
drwxr-xr-x root/root ./usr/bin/
-rwxr-xr-x root/root ./usr/bin/ckimport
drwxr-xr-x root/root ./usr/share/
drwxr-xr-x root/root ./usr/share/bash-completion/
drwxr-xr-x root/root ./usr/share/bash-completion/completions/
-rw-r--r-- root/root ./usr/share/bash-completion/completions/ckimport
drwxr-xr-x root/root ./usr/share/doc/
drwxr-xr-x root/root ./usr/share/doc/ckimport/
-rw-r--r-- root/root ./usr/share/doc/ckimport/README.md
-rw-r--r-- root/root ./usr/share/doc/ckimport/changelog.gz
-rw-r--r-- root/root ./usr/share/doc/ckimport/copyright
drwxr-xr-x root/root ./usr/share/fish/
drwxr-xr-x root/root ./usr/share/fish/vendor_completions.d/
-rw-r--r-- root/root ./usr/share/fish/vendor_completions.d/ckimport.fish
drwxr-xr-x root/root ./usr/share/man/
drwxr-xr-x root/root ./usr/share/man/man1/
-rw-r--r-- root/root ./usr/share/man/man1/ckimport.1.gz
drwxr-xr-x root/root ./usr/share/zsh/
drwxr-xr-x root/root ./usr/share/zsh/vendor-completions/
-rw-r--r-- root/root ./usr/share/zsh/vendor-completions/_ckimport
EOF
sort -k3 "$work/expected" -o "$work/expected"
diff -u "$work/expected" "$work/contents" || fail "the package's files (above: - expected, + actual)"

pkgroot=$work/root
dpkg-deb -x "$deb" "$pkgroot"
dpkg-deb -e "$deb" "$work/control"
(cd "$pkgroot" && md5sum --quiet -c "$work/control/md5sums") || fail "md5sums do not match the files"
[[ $(wc -l <"$work/control/md5sums") == $(find "$pkgroot" -type f | wc -l) ]] || fail "md5sums does not list every file"
! readelf -S "$pkgroot/usr/bin/ckimport" | grep -q '\.symtab' || fail "usr/bin/ckimport is not stripped"
grep -q '^License: MIT$' "$pkgroot/usr/share/doc/ckimport/copyright" || fail "copyright names no MIT licence"

# 5. The installed binary, on the example bundle.
echo "ROOT/usr/bin/ckimport check fixtures/example:"
(cd "$root" && "$pkgroot/usr/bin/ckimport" check fixtures/example) | sed 's/^/  /' || fail "ckimport check fixtures/example failed"
bash "$root/tests/golden/check_golden.sh" "$pkgroot/usr/bin/ckimport" "$root" "$root/tests/golden/cases/example" ||
  fail "the installed binary fails the example's golden test"
[[ $("$pkgroot/usr/bin/ckimport" --version) == "ckimport $version" ]] || fail "--version is not ckimport $version"

# 6. The man page.
man_page=$pkgroot/usr/share/man/man1/ckimport.1.gz
man_warnings=$(MANWIDTH=80 man -l "$man_page" 2>&1 >/dev/null)
[[ -z $man_warnings ]] || fail "man -l: $man_warnings"
man_warnings=$(LC_ALL=C.UTF-8 MANROFFSEQ='' MANWIDTH=80 man --warnings -E UTF-8 -l -Tutf8 -Z "$man_page" 2>&1 >/dev/null)
[[ -z $man_warnings ]] || fail "man --warnings (as lintian runs it): $man_warnings"
lint=$(mandoc -T lint "$man_page" 2>&1) || fail "mandoc -T lint: $lint"
[[ -z $lint ]] || fail "mandoc -T lint: $lint"
groff_warnings=$(zcat "$man_page" | groff -ww -z -man 2>&1)
[[ -z $groff_warnings ]] || fail "groff -ww -z -man: $groff_warnings"
rendered=$(MANWIDTH=80 man -l "$man_page" 2>/dev/null)
for section in NAME SYNOPSIS DESCRIPTION COMMANDS OPTIONS RULES "EXIT STATUS" "THE BUNDLE" FILES ENVIRONMENT \
               EXAMPLES "SEE ALSO"; do
  grep -q "^$section\$" <<<"$rendered" || fail "the man page has no $section section"
done
echo "ok: the man page renders without warnings ($(wc -l <<<"$rendered") lines at 80 columns)"

# 7. The installed completions.
bash "$here/completions.sh" "$pkgroot/usr/bin/ckimport" \
  "$pkgroot/usr/share/bash-completion/completions/ckimport" \
  "$pkgroot/usr/share/zsh/vendor-completions/_ckimport" \
  "$pkgroot/usr/share/fish/vendor_completions.d/ckimport.fish" >"$work/completions.log" 2>&1 || {
  cat "$work/completions.log"
  fail "the installed completions (above)"
}

# ...found where the shells look: bash-completion's loader and fish search
# $XDG_DATA_DIRS (here ROOT/usr/share, on the system /usr/share); Debian's
# zsh has /usr/share/zsh/vendor-completions in its fpath.
spec=$(XDG_DATA_DIRS=$pkgroot/usr/share bash -c \
  'source /usr/share/bash-completion/bash_completion && __load_completion ckimport && complete -p ckimport' 2>&1) ||
  fail "bash-completion does not load the installed completion: $spec"
[[ $spec == "complete -F _ckimport ckimport" ]] || fail "bash-completion loaded: $spec"
found=$(PATH=$pkgroot/usr/bin:$PATH XDG_DATA_DIRS=$pkgroot/usr/share fish -c 'complete -C "ckimport ch"' | cut -f1)
[[ $found == check ]] || fail "fish does not load the installed completion: ckimport ch<TAB> gave [$found]"
zsh -f -c 'print -l $fpath' | grep -qx /usr/share/zsh/vendor-completions ||
  fail "zsh's fpath has no /usr/share/zsh/vendor-completions"
((failures)) || echo "ok: the installed completions pass completions.sh, and bash-completion, fish and zsh find them"

if ((failures)); then
  echo "package: $failures failed"
  exit 1
fi
echo "package: all passed"
