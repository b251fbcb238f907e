#!/usr/bin/env bash
# Starts (or restarts) the KubeSharp API server in the background on the embedded SQLite store and waits until it
# is ready. The process id goes to /run/kubesharp/server.pid, the log to /var/log/kubesharp/server.log, the admin
# kubeconfig to /etc/kubesharp/admin.kubeconfig. Stop it with: kill "$(cat /run/kubesharp/server.pid)".
# Environment: KUBESHARP_HTTPS_PORT (default 6443), KUBESHARP_DATA_DIR (default /var/lib/kubesharp).
set -euo pipefail
cd "$(dirname "$0")/.."

port="${KUBESHARP_HTTPS_PORT:-6443}"
data_dir="${KUBESHARP_DATA_DIR:-/var/lib/kubesharp}"
kubeconfig=/etc/kubesharp/admin.kubeconfig
pid_file=/run/kubesharp/server.pid
log_file=/var/log/kubesharp/server.log
mkdir -p "$(dirname "$pid_file")" "$(dirname "$log_file")" "$data_dir"

# A server this script started earlier is replaced by the freshly built one (its data stays).
if [[ -f "$pid_file" ]] && kill -0 "$(cat "$pid_file")" 2>/dev/null; then
    old="$(cat "$pid_file")"
    echo "stopping the running kubesharp server (pid $old)"
    kill "$old"
    for _ in $(seq 1 50); do kill -0 "$old" 2>/dev/null || break; sleep 0.2; done
fi

if ss -ltn "sport = :$port" | grep -q LISTEN; then
    echo "port $port is taken by another process; set KUBESHARP_HTTPS_PORT to start kubesharp on another port" >&2
    exit 1
fi

setsid nohup out/kubesharp server --data-dir "$data_dir" --https-port "$port" --kubeconfig-out "$kubeconfig" \
    >>"$log_file" 2>&1 < /dev/null &
echo $! > "$pid_file"

for _ in $(seq 1 150); do
    if curl -skf "https://127.0.0.1:$port/readyz" >/dev/null 2>&1 && [[ -s "$kubeconfig" ]]; then
        echo "kubesharp server is ready on https://127.0.0.1:$port (pid $(cat "$pid_file"), log $log_file)"
        echo "try: kubectl --kubeconfig $kubeconfig get namespaces"
        exit 0
    fi
    if ! kill -0 "$(cat "$pid_file")" 2>/dev/null; then
        echo "kubesharp server exited; last lines of $log_file:" >&2
        tail -20 "$log_file" >&2
        exit 1
    fi
    sleep 0.2
done
echo "kubesharp server did not become ready within 30 s; see $log_file" >&2
exit 1
