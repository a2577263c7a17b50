#!/usr/bin/env bash
# Set up `compliance` in this checkout and run the example: the README's first command.
#
#   ./install.sh            the tool in .venv (its own virtual environment), then the example
#   ./install.sh --test     the test tools too (./test.sh does this itself; they include pyHanko)
#   ./install.sh --sign     pyHanko too, for `compliance dossier --sign` (PAdES signatures)
#
# Works with Debian's or Ubuntu's own python3, which refuses a bare `pip install`
# (externally-managed-environment): everything goes into .venv. System packages (python3-venv, and
# Pango for PDF dossiers) are installed with apt-get when you are root or can use sudo; otherwise the
# script says what to install and goes on (only PDF dossiers need Pango).
# PYTHON=/path/to/python3 chooses the interpreter (3.11 or newer); VENV=path the environment's folder.
set -euo pipefail
cd "$(dirname "$0")"

PYTHON="${PYTHON:-python3}"
VENV="${VENV:-.venv}"
EXTRAS=""
for arg in "$@"; do
  case "$arg" in
    --test) EXTRAS="[test]" ;;
    --sign) [ -n "$EXTRAS" ] || EXTRAS="[sign]" ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
  esac
done

say() { printf '\033[1m== %s\033[0m\n' "$*"; }
fail() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

command -v "$PYTHON" >/dev/null 2>&1 || fail "$PYTHON not found; install Python 3.11 or newer (Debian/Ubuntu: apt-get install python3 python3-venv)"
"$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))' \
  || fail "$("$PYTHON" -V 2>&1) is too old: compliance needs Python 3.11 or newer (set PYTHON=/path/to/python3.11)"

# --- system packages (Debian/Ubuntu) --------------------------------------------------------------
missing=()
if command -v dpkg >/dev/null 2>&1; then
  "$PYTHON" -c 'import ensurepip, venv' 2>/dev/null || missing+=("python3-venv")
  packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core)
  # the tests render a dossier under a Chinese locale (PDF bytes must not depend on it): localedef's sources;
  # they read dossiers back as a reader would with pdftotext (poppler-utils)
  [ "$EXTRAS" = "[test]" ] && packages+=(locales poppler-utils)
  for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
  done
fi
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt=(apt-get)
  elif command -v sudo >/dev/null 2>&1 && { sudo -n true 2>/dev/null || [ -t 0 ]; }; then
    apt=(sudo apt-get)
  else
    apt=()
  fi
  if [ "${#apt[@]}" -gt 0 ]; then
    say "system packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    "${apt[@]}" update -qq || true
    "${apt[@]}" install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "install.sh: cannot install system packages (not root, no sudo); ask an administrator for:" >&2
    echo "  apt-get install ${missing[*]}" >&2
    printf '%s\n' "${missing[@]}" | grep -qx python3-venv \
      && fail "python3-venv is needed to create the virtual environment"
    echo "  going on: everything but PDF dossiers works without Pango" >&2
  fi
fi

# --- the virtual environment ----------------------------------------------------------------------
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  say "virtual environment: $VENV ($("$PYTHON" -V 2>&1))"
  rm -rf "$VENV"
  "$PYTHON" -m venv "$VENV"
fi
say "compliance${EXTRAS:+ with $EXTRAS} into $VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -e ".${EXTRAS}"

# --- the example ----------------------------------------------------------------------------------
say "compliance check examples/medtriage/card.yaml"
set +e
"$VENV/bin/compliance" check examples/medtriage/card.yaml
status=$?
set -e
# exit 1 means "there are gaps": the example is incomplete on purpose; 2 would be bad input
[ "$status" -le 1 ] || fail "the example did not run (exit $status)"
cat <<EOF

Set up. Use the tool with:
  source $VENV/bin/activate        (then: compliance --help)
or without activating:
  $VENV/bin/compliance check examples/medtriage/card.yaml
Run the tests with ./test.sh
EOF
