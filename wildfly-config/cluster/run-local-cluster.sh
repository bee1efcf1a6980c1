#!/usr/bin/env bash
# Two Tandem nodes and HAProxy on this machine, for trying the cluster (docs/operations.md
# "Clustering"). Needs the cluster server (./mvnw clean verify -DskipTests builds it), haproxy,
# and the same settings as one node: TANDEM_DB_URL, TANDEM_DB_USER, TANDEM_DB_PASSWORD,
# TANDEM_DB_OWNER_USER, TANDEM_DB_OWNER_PASSWORD, TANDEM_OIDC_PROVIDER_URI (and friends).
# Keys and the certificate are made once in ~/.tandem/cluster (TANDEM_CLUSTER_WORK). Ctrl-C, or a
# TERM signal to this script, stops all three and waits until both servers have shut down.
# Balancer: https://localhost:8753/cobrowse/agent/ (readiness: https://localhost:8753/health/ready);
# nodes: port offsets 330 and 340 (readiness: http://localhost:10320/health/ready, :10330).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
server="$root/ear/target/cluster-server"
ear="$root/ear/target/tandem.ear"
work="${TANDEM_CLUSTER_WORK:-$HOME/.tandem/cluster}"
pass="${TANDEM_CLUSTER_KEYSTORE_PASSWORD:-$(head -c 18 /dev/urandom | base64 | tr -d '/+=')}"
[ -x "$server/bin/standalone.sh" ] && [ -f "$ear" ] || { echo "Build first: ./mvnw clean verify -DskipTests" >&2; exit 1; }
command -v haproxy >/dev/null || { echo "Install haproxy (apt-get install haproxy)" >&2; exit 1; }
: "${TANDEM_DB_URL:?set TANDEM_DB_URL and the other TANDEM_DB_* variables}"
mkdir -p "$work" && chmod 700 "$work"
if [ ! -f "$work/password" ]; then
  echo "$pass" > "$work/password"; chmod 600 "$work/password"
  head -c 32 /dev/urandom | base64 > "$work/secret"; chmod 600 "$work/secret"
  keytool -genkeypair -alias node -keyalg RSA -keysize 2048 -validity 365 -dname CN=localhost -ext SAN=dns:localhost \
    -storetype PKCS12 -keystore "$work/tls.p12" -storepass "$pass" -keypass "$pass"
  keytool -exportcert -rfc -alias node -keystore "$work/tls.p12" -storepass "$pass" -file "$work/nodes-ca.pem"
  openssl pkcs12 -in "$work/tls.p12" -nodes -passin "pass:$pass" -out "$work/balancer.pem"
  keytool -genseckey -alias tandem-cluster -keyalg AES -keysize 256 -storetype PKCS12 \
    -keystore "$work/jgroups.p12" -storepass "$pass" -keypass "$pass"
fi
pass="$(cat "$work/password")"
export TANDEM_TLS_KEYSTORE="$work/tls.p12" TANDEM_TLS_KEYSTORE_PASSWORD="$pass"
export TANDEM_CLUSTER_KEYSTORE="$work/jgroups.p12" TANDEM_CLUSTER_KEYSTORE_PASSWORD="$pass" TANDEM_CLUSTER_KEY_ALIAS=tandem-cluster
export TANDEM_CLUSTER_SECRET="$(cat "$work/secret")"
export TANDEM_CLUSTER_HOSTS="127.0.0.1[7930],127.0.0.1[7940]"
export TANDEM_PUBLIC_ORIGINS="https://localhost:8753"
export TANDEM_TRUSTED_PROXIES="127.0.0.1"
# standalone.sh runs the JVM in the foreground unless this is set: a TERM to the script would then
# end the shell and leave the JVM running. Set, standalone.sh relays TERM (and Ctrl-C) to the JVM and
# waits for it to stop.
export LAUNCH_JBOSS_IN_BACKGROUND=1
pids=()
# Everything started below runs in the background of a non-interactive shell, so it ignores the
# terminal's Ctrl-C: this script turns Ctrl-C (or TERM) into a TERM to each child and waits for them.
stop() { trap - EXIT; kill "${pids[@]}" 2>/dev/null || true; wait || true; }
trap stop EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
for node in a:330 b:340; do
  name="node-${node%%:*}"; offset="${node##*:}"
  rm -rf "$work/$name"; cp -r "$server/standalone" "$work/$name"; cp "$ear" "$work/$name/deployments/"
  TANDEM_NODE_NAME="$name" "$server/bin/standalone.sh" -Djboss.server.base.dir="$work/$name" \
    -Djboss.socket.binding.port-offset="$offset" -Djboss.node.name="$name" -Djboss.tx.node.id="$name" \
    > "$work/$name.out" 2>&1 &
  pids+=($!)
done
TANDEM_LB_BIND=127.0.0.1:8753 TANDEM_LB_CERT="$work/balancer.pem" TANDEM_LB_NODE_CA="$work/nodes-ca.pem" \
  TANDEM_LB_NODE_A=127.0.0.1:8773 TANDEM_LB_NODE_B=127.0.0.1:8783 TANDEM_LB_HEALTH_A=10320 TANDEM_LB_HEALTH_B=10330 \
  haproxy -db -f "$root/wildfly-config/haproxy/haproxy.cfg" &
pids+=($!)
echo "Nodes logging to $work/node-a.out and $work/node-b.out; waiting until both are ready (a few minutes at most)"
if command -v curl >/dev/null; then
  for _ in $(seq 1 300); do
    a="$(curl -s -o /dev/null -m 2 -w '%{http_code}' http://localhost:10320/health/ready || true)"
    b="$(curl -s -o /dev/null -m 2 -w '%{http_code}' http://localhost:10330/health/ready || true)"
    [ "$a" = 200 ] && [ "$b" = 200 ] && break
    for p in "${pids[@]}"; do kill -0 "$p" 2>/dev/null || { echo "A process ended; see $work/*.out" >&2; exit 1; }; done
    sleep 2
  done
  echo "node-a ready: $a, node-b ready: $b"
fi
echo "Agent console:       https://localhost:8753/cobrowse/agent/ (sign-in needs the identity provider, TANDEM_OIDC_PROVIDER_URI)"
echo "Loader for pages:    https://localhost:8753/cobrowse/loader.js (add the page's origin to a group: docs/database.md)"
echo "Balancer readiness:  https://localhost:8753/health/ready (200 while a node is ready)"
echo "Node readiness:      http://localhost:10320/health/ready, http://localhost:10330/health/ready"
echo "Ctrl-C stops all three."
wait
