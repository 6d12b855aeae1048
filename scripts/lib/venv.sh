# Python tools in virtualenvs under <repo>/.venv/NAME (CONTRACT 7's layout): sourced, not run.
# A stand-in until scripts/lib/common.sh has ensure_venv; when it does, that one is used.

if ! declare -F ensure_venv >/dev/null; then
  # ensure_venv NAME PIP_SPEC...: creates .venv/NAME if missing (installing Debian's python3-venv first
  # when `python3 -m venv` cannot), installs the specs into it unless they already are, and leaves
  # .venv/NAME/bin ready. Never installs into the system Python (Debian refuses that, PEP 668).
  ensure_venv() {
    local name="$1"; shift
    local dir="$PWD/.venv/$name" stamp
    stamp="$dir/.installed-$(printf '%s\n' "$@" | sha256sum | cut -c1-16)"
    [ -f "$stamp" ] && return 0
    if [ ! -x "$dir/bin/python" ]; then
      if ! python3 -m venv "$dir" >/dev/null 2>&1; then
        rm -rf "$dir"
        echo "==> installing python3-venv from Debian's packages" >&2
        as_root apt-get install -y -qq python3-venv >/dev/null 2>&1 \
          || { as_root apt-get update -qq && as_root apt-get install -y -qq python3-venv; }
        python3 -m venv "$dir"
      fi
    fi
    "$dir/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
    rm -f "$dir"/.installed-*
    touch "$stamp"
  }
fi
