# Synapse in the sid root, for the end-to-end suite.  Source this file.
#   MXPW_E2E_ROOT   the root (built by build-root)
#   MXPW_E2E_RUN    Synapse's directory inside the root (config, keys, log)
#   MXPW_E2E_URL    its client-server API base URL
#   MXPW_E2E_CONFIG the homeserver.yaml it starts with, inside the root
#                   (default homeserver.yaml in MXPW_E2E_RUN)

synapse_start() {
	chroot "$MXPW_E2E_ROOT" /usr/bin/python3 -m synapse.app.homeserver \
		-c "${MXPW_E2E_CONFIG:-$MXPW_E2E_RUN/homeserver.yaml}" >>"$MXPW_E2E_ROOT$MXPW_E2E_RUN/synapse.log" 2>&1 &
	echo $! >"$MXPW_E2E_ROOT$MXPW_E2E_RUN/synapse.pid"
	local i
	for i in $(seq 1 120); do
		if curl -fsS "$MXPW_E2E_URL/_matrix/client/versions" >/dev/null 2>&1; then
			return 0
		fi
		if ! kill -0 "$(cat "$MXPW_E2E_ROOT$MXPW_E2E_RUN/synapse.pid")" 2>/dev/null; then
			break
		fi
		sleep 0.5
	done
	echo "synapse did not start; its log ends with:" >&2
	tail -n 40 "$MXPW_E2E_ROOT$MXPW_E2E_RUN/synapse.log" >&2
	return 1
}

synapse_stop() {
	local pidfile=$MXPW_E2E_ROOT$MXPW_E2E_RUN/synapse.pid pid
	[ -f "$pidfile" ] || return 0
	pid=$(cat "$pidfile")
	kill "$pid" 2>/dev/null || true
	for _ in $(seq 1 60); do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -9 "$pid" 2>/dev/null || true
	rm -f "$pidfile"
}

synapse_restart() {
	synapse_stop
	synapse_start
}
