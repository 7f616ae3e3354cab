#!/usr/bin/env bash
# A throwaway PostgreSQL server on 127.0.0.1 for the compact4j-jdbc tests.
#
#   postgres.sh start DIR PORT   install Debian's postgresql package if it is missing (as root),
#                                create a cluster in DIR (trust authentication, user postgres) and
#                                start it on 127.0.0.1:PORT; its socket is in DIR too
#   postgres.sh stop DIR         stop that server and delete DIR
#
# The server refuses to run as root, so as root it runs as the postgres user the package creates.
# Messages go to stderr; the exit status says whether it worked.
set -euo pipefail

cmd=${1:?usage: postgres.sh start DIR PORT | stop DIR}
dir=${2:?usage: postgres.sh start DIR PORT | stop DIR}

bindir() {
    # the newest installed major version
    ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

as_owner() {
    if [ "$(id -u)" = 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

case "$cmd" in
start)
    port=${3:?usage: postgres.sh start DIR PORT}
    if [ -z "$(bindir)" ]; then
        if [ "$(id -u)" != 0 ]; then
            echo "PostgreSQL is not installed, and installing it needs root: run 'apt-get install -y postgresql'," \
                "or give the tests a server of your own (-Dcompact4j.postgres.url=jdbc:postgresql://...)," \
                "or skip them (-Dcompact4j.postgres=skip)" >&2
            exit 2
        fi
        echo "installing Debian's postgresql package" >&2
        export DEBIAN_FRONTEND=noninteractive
        # the package's own cluster (15/main) is left alone: the tests run a cluster of their own
        apt-get install -y -q postgresql >&2 || { apt-get update -q >&2 && apt-get install -y -q postgresql >&2; }
    fi
    bin=$(bindir)
    if [ -z "$bin" ]; then
        echo "no PostgreSQL server under /usr/lib/postgresql after installing it" >&2
        exit 3
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" = 0 ]; then
        chown postgres:postgres "$dir"
    fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --no-locale \
        >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log" >&2; exit 4; }
    if ! as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -k $dir" start >&2; then
        echo "PostgreSQL did not start; its log:" >&2
        cat "$dir/server.log" >&2 || true
        exit 5
    fi
    echo "PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port, data in $dir" >&2
    ;;
stop)
    bin=$(bindir)
    if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
        as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2 || true
    fi
    rm -rf "$dir"
    ;;
*)
    echo "usage: postgres.sh start DIR PORT | stop DIR" >&2
    exit 64
    ;;
esac
