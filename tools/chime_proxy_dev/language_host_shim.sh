#!/bin/sh
# pulumi-language-python for the Pulumi CLI that chime_proxy_dev builds (provision.py).
#
# The engine starts this in the program's directory with nothing activated. The host is
# Python (chime_proxy_language_host.py beside this file) and needs the `pulumi` SDK, so
# it runs on the interpreter that Pulumi's own Go host would choose for the program:
#   1. PULUMI_PYTHON_CMD, if set;
#   2. Pulumi.yaml's runtime.options.virtualenv (relative to the project directory, or
#      absolute); with `toolchain: uv` and no virtualenv, the project's .venv; with
#      `toolchain: poetry`, `poetry env info --path`;
#   3. the activated virtualenv ($VIRTUAL_ENV);
#   4. python3 on PATH.
# A virtualenv that Pulumi.yaml names but that is not made yet: the interpreter the CLI
# was provisioned with (chime_proxy_host_python), so `pulumi install` can make it.
here=$(cd "$(dirname "$0")" && pwd)

# The project file: the nearest Pulumi.yaml / Pulumi.yml from the working directory up.
project_file() {
    dir=$PWD
    while :; do
        for name in Pulumi.yaml Pulumi.yml; do
            if [ -f "$dir/$name" ]; then echo "$dir/$name"; return 0; fi
        done
        [ "$dir" = / ] && return 1
        dir=$(dirname "$dir")
    done
}

# One runtime option (block or flow style), unquoted, without a trailing comment.
runtime_option() {
    sed -n -e "s/^[[:space:]]*$1:[[:space:]]*//p" -e "s/.*[{,][[:space:]]*$1:[[:space:]]*//p" "$2" \
        | head -n 1 \
        | sed -e 's/[[:space:]]#.*$//' -e 's/[,}].*$//' -e 's/[[:space:]]*$//' \
              -e "s/^[\"']//" -e "s/[\"']\$//"
}

py=""
source="python3 on PATH"
if [ -n "${PULUMI_PYTHON_CMD:-}" ]; then
    py=$PULUMI_PYTHON_CMD
    source="PULUMI_PYTHON_CMD"
elif file=$(project_file); then
    root=$(dirname "$file")
    venv=$(runtime_option virtualenv "$file")
    toolchain=$(runtime_option toolchain "$file")
    if [ -z "$venv" ] && [ "$toolchain" = uv ]; then venv=.venv; fi
    if [ -z "$venv" ] && [ "$toolchain" = poetry ]; then venv=$(cd "$root" && poetry env info --path); fi
    if [ -n "$venv" ]; then
        case $venv in
            /*) : ;;
            *) venv=$root/$venv ;;
        esac
        venv=${venv%/}
        if [ ! -x "$venv/bin/python" ]; then
            # Not made yet: the host runs on the interpreter the CLI was provisioned with,
            # so that `pulumi install` can make it (and a run says to).
            bootstrap=$(cat "$here/chime_proxy_host_python" 2>/dev/null)
            if [ -n "$bootstrap" ] && [ -x "$bootstrap" ]; then
                exec "$bootstrap" -u "$here/chime_proxy_language_host.py" \
                    --exec "$here/pulumi-language-python-exec" \
                    --python-source "the interpreter the CLI was provisioned with" "$@"
            fi
            echo "error: the virtualenv '$venv' set in $file (runtime.options.virtualenv) has no bin/python: create it with 'python3 -m venv $venv' and install your project's packages into it" >&2
            exit 1
        fi
        py=$venv/bin/python
        source="the virtualenv '$venv' set in $file"
        VIRTUAL_ENV=$venv
        PATH=$venv/bin:$PATH
        export VIRTUAL_ENV PATH
        unset PYTHONHOME
    fi
fi
if [ -z "$py" ] && [ -n "${VIRTUAL_ENV:-}" ] && [ -x "$VIRTUAL_ENV/bin/python" ]; then
    py=$VIRTUAL_ENV/bin/python
    source="the activated virtualenv '$VIRTUAL_ENV'"
fi
if [ -z "$py" ]; then
    if ! command -v python3 >/dev/null 2>&1; then
        echo "error: no python3 on PATH, and Pulumi.yaml sets no runtime.options.virtualenv: install Python 3 or set one" >&2
        exit 1
    fi
    py=python3
fi

exec "$py" -u "$here/chime_proxy_language_host.py" --exec "$here/pulumi-language-python-exec" \
    --python-source "$source" "$@"
