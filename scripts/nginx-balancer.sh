#!/usr/bin/env bash
# Runs nginx in the foreground as a load balancer on loopback in front of Paperboy servers:
#   scripts/nginx-balancer.sh DIR PORT SERVER_PORT...
# DIR receives the configuration, logs and temporary files. A server that refuses or fails a
# request is passed over for 5 seconds and the request goes to the next (open-source nginx
# checks passively; monitor /healthz of each server as well). Used by scripts/cluster-demo.sh
# and the cluster tests.
set -euo pipefail
dir=$1 port=$2
shift 2
mkdir -p "$dir/tmp"
chmod 755 "$dir"
chmod 777 "$dir/tmp"  # nginx's workers run as an unprivileged user
servers=""
for server in "$@"; do servers+="        server 127.0.0.1:$server max_fails=1 fail_timeout=5s;"$'\n'; done
cat >"$dir/nginx.conf" <<CONF
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $dir/tmp/body;
    proxy_temp_path $dir/tmp/proxy;
    fastcgi_temp_path $dir/tmp/fastcgi;
    uwsgi_temp_path $dir/tmp/uwsgi;
    scgi_temp_path $dir/tmp/scgi;
    upstream paperboy {
$servers        keepalive 32;
    }
    server {
        listen 127.0.0.1:$port;
        location / {
            proxy_pass http://paperboy;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host \$http_host;
            proxy_set_header X-Forwarded-For \$remote_addr;
            proxy_next_upstream error timeout http_502 http_503 non_idempotent;
            proxy_connect_timeout 2s;
        }
    }
}
CONF
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)
exec "$nginx_bin" -p "$dir" -c "$dir/nginx.conf"
