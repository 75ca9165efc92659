#!/usr/bin/env python3
"""A throwaway reference remote network + IPAM driver, only to check the E2E harness itself.

It is NOT csnet. It answers the same command line as csnet
(--socket PATH --state-dir DIR), speaks just enough of the libnetwork remote driver and
remote IPAM protocol for the csnet scenarios, and keeps its state in DIR/state.json so a
SIGKILL + restart behaves like a plugin restart. Use it to see whether a scenario failure is
the harness's fault or csnet's:

    CSNET_PLUGIN=tests/e2e/fake-csnet.py dotnet test tests/Csnet.E2E.Tests

Kernel work is done with ip(8) and iptables(8). Everything it creates is named csb*/csv*/csc*
and its iptables rules live in chains CSNET-FWD (filter) and CSNET-NAT (nat).
"""
import argparse
import http.server
import ipaddress
import json
import os
import socketserver
import subprocess
import sys
import threading

LOCK = threading.Lock()
STATE = {"pools": {}, "networks": {}, "endpoints": {}}
STATE_FILE = ""


def log(msg):
    print(msg, file=sys.stderr, flush=True)


def sh(*args, check=True):
    r = subprocess.run(args, capture_output=True, text=True, timeout=20)
    if check and r.returncode != 0:
        raise RuntimeError(f"{' '.join(args)}: {r.stderr.strip()}")
    return r


def save():
    tmp = STATE_FILE + ".tmp"
    with open(tmp, "w") as f:
        json.dump(STATE, f)
    os.replace(tmp, STATE_FILE)


def ensure_chains():
    if sh("iptables", "-N", "CSNET-FWD", check=False).returncode == 0:
        sh("iptables", "-I", "FORWARD", "1", "-j", "CSNET-FWD")
    if sh("iptables", "-t", "nat", "-N", "CSNET-NAT", check=False).returncode == 0:
        sh("iptables", "-t", "nat", "-I", "POSTROUTING", "1", "-j", "CSNET-NAT")


def net_rules(bridge, subnet, others):
    rules = [("filter", ["-i", bridge, "-o", o, "-j", "DROP"]) for o in others]
    rules += [("filter", ["-i", o, "-o", bridge, "-j", "DROP"]) for o in others]
    rules += [
        ("filter", ["-o", bridge, "-m", "conntrack", "--ctstate", "RELATED,ESTABLISHED", "-j", "ACCEPT"]),
        ("filter", ["-i", bridge, "-j", "ACCEPT"]),
        ("nat", ["-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE"]),
    ]
    return rules


def apply_rule(table, spec, op):
    chain = "CSNET-FWD" if table == "filter" else "CSNET-NAT"
    if op == "-D":
        sh("iptables", "-t", table, "-D", chain, *spec, check=False)
    elif spec[-1] == "DROP":
        sh("iptables", "-t", table, "-I", chain, "1", *spec)
    else:
        sh("iptables", "-t", table, "-A", chain, *spec)


# ---- IPAM ----------------------------------------------------------------------------------

def request_pool(req):
    pool = req.get("Pool") or ""
    if not pool:
        used = {p["pool"] for p in STATE["pools"].values()}
        pool = next(f"10.210.{i}.0/24" for i in range(256) if f"10.210.{i}.0/24" not in used)
    pid = pool + ("|" + req["SubPool"] if req.get("SubPool") else "")
    STATE["pools"][pid] = {"pool": pool, "sub": req.get("SubPool") or pool, "used": []}
    return {"PoolID": pid, "Pool": pool, "Data": {}}


def request_address(req):
    p = STATE["pools"][req["PoolID"]]
    net = ipaddress.ip_network(p["pool"])
    if req.get("Address"):
        addr = req["Address"]
        if addr in p["used"]:
            raise RuntimeError(f"address {addr} already in use")
    else:
        sub = ipaddress.ip_network(p["sub"])
        addr = next((str(h) for h in sub.hosts() if str(h) not in p["used"] and h in net), None)
        if addr is None:
            raise RuntimeError("pool exhausted")
    p["used"].append(addr)
    return {"Address": f"{addr}/{net.prefixlen}", "Data": {}}


def release_address(req):
    p = STATE["pools"].get(req["PoolID"])
    if p and req["Address"] in p["used"]:
        p["used"].remove(req["Address"])
    return {}


# ---- network driver --------------------------------------------------------------------------

def create_network(req):
    nid = req["NetworkID"]
    generic = (req.get("Options") or {}).get("com.docker.network.generic") or {}
    v4 = req["IPv4Data"][0]
    gw = v4["Gateway"]
    subnet = str(ipaddress.ip_interface(gw).network)
    bridge = generic.get("com.docker.network.bridge.name") or "csb" + nid[:10]
    mtu = int(generic.get("com.docker.network.driver.mtu") or 1500)
    others = [n["bridge"] for n in STATE["networks"].values()]
    sh("ip", "link", "add", bridge, "type", "bridge")
    sh("ip", "link", "set", bridge, "mtu", str(mtu))
    sh("ip", "addr", "add", gw, "dev", bridge)
    sh("ip", "link", "set", bridge, "up")
    sh("sysctl", "-qw", "net.ipv4.ip_forward=1")
    ensure_chains()
    for table, spec in net_rules(bridge, subnet, others):
        apply_rule(table, spec, "-A")
    STATE["networks"][nid] = {"bridge": bridge, "subnet": subnet, "gw": gw.split("/")[0], "mtu": mtu, "others": others}
    return {}


def delete_network(req):
    n = STATE["networks"].pop(req["NetworkID"], None)
    if n:
        for table, spec in net_rules(n["bridge"], n["subnet"], n["others"]):
            apply_rule(table, spec, "-D")
        for other in STATE["networks"].values():
            for table, spec in net_rules(other["bridge"], other["subnet"], [n["bridge"]])[:2]:
                apply_rule(table, spec, "-D")
        sh("ip", "link", "del", n["bridge"], check=False)
    return {}


def join(req):
    n = STATE["networks"][req["NetworkID"]]
    eid = req["EndpointID"]
    host, peer = "csv" + eid[:10], "csc" + eid[:10]
    sh("ip", "link", "add", host, "mtu", str(n["mtu"]), "type", "veth", "peer", "name", peer, "mtu", str(n["mtu"]))
    sh("ip", "link", "set", host, "master", n["bridge"])
    sh("ip", "link", "set", host, "up")
    STATE["endpoints"][eid] = {"host": host}
    return {"InterfaceName": {"SrcName": peer, "DstPrefix": "eth"}, "Gateway": n["gw"]}


def delete_endpoint(req):
    ep = STATE["endpoints"].pop(req["EndpointID"], None)
    if ep:
        sh("ip", "link", "del", ep["host"], check=False)
    return {}


ROUTES = {
    "/Plugin.Activate": lambda r: {"Implements": ["NetworkDriver", "IpamDriver"]},
    "/NetworkDriver.GetCapabilities": lambda r: {"Scope": "local", "ConnectivityScope": "local"},
    "/NetworkDriver.CreateNetwork": create_network,
    "/NetworkDriver.DeleteNetwork": delete_network,
    "/NetworkDriver.CreateEndpoint": lambda r: {"Interface": {}},
    "/NetworkDriver.Join": join,
    "/NetworkDriver.Leave": lambda r: {},
    "/NetworkDriver.DeleteEndpoint": delete_endpoint,
    "/NetworkDriver.EndpointOperInfo": lambda r: {"Value": {}},
    "/NetworkDriver.ProgramExternalConnectivity": lambda r: {},
    "/NetworkDriver.RevokeExternalConnectivity": lambda r: {},
    "/NetworkDriver.DiscoverNew": lambda r: {},
    "/NetworkDriver.DiscoverDelete": lambda r: {},
    "/IpamDriver.GetCapabilities": lambda r: {"RequiresMACAddress": False},
    "/IpamDriver.GetDefaultAddressSpaces": lambda r: {"LocalDefaultAddressSpace": "csnet-local", "GlobalDefaultAddressSpace": "csnet-global"},
    "/IpamDriver.RequestPool": request_pool,
    "/IpamDriver.ReleasePool": lambda r: (STATE["pools"].pop(r["PoolID"], None), {})[1],
    "/IpamDriver.RequestAddress": request_address,
    "/IpamDriver.ReleaseAddress": release_address,
}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        route = ROUTES.get(self.path)
        if route is None:
            return self.reply(404, {"Err": f"{self.path} not implemented"})
        try:
            req = json.loads(body) if body.strip() else {}
            with LOCK:
                resp = route(req)
                save()
            log(f"{self.path} {body.decode()[:300]} -> {json.dumps(resp)[:200]}")
            self.reply(200, resp)
        except Exception as e:  # noqa: BLE001 – every failure goes back to dockerd as Err
            log(f"{self.path} {body.decode()[:300]} -> ERROR {e}")
            self.reply(500, {"Err": str(e), "Error": str(e)})

    def reply(self, code, obj):
        data = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/vnd.docker.plugins.v1.2+json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True


def main():
    global STATE, STATE_FILE
    ap = argparse.ArgumentParser()
    ap.add_argument("--socket", required=True)
    ap.add_argument("--state-dir", required=True)
    a = ap.parse_args()
    os.makedirs(a.state_dir, exist_ok=True)
    STATE_FILE = os.path.join(a.state_dir, "state.json")
    if os.path.exists(STATE_FILE):
        with open(STATE_FILE) as f:
            STATE = json.load(f)
        log(f"restored {len(STATE['networks'])} networks, {len(STATE['endpoints'])} endpoints")
    if os.path.exists(a.socket):
        os.unlink(a.socket)
    os.makedirs(os.path.dirname(a.socket), exist_ok=True)
    with Server(a.socket, Handler) as srv:
        log(f"listening on {a.socket}")
        try:
            srv.serve_forever()
        finally:
            os.unlink(a.socket)


if __name__ == "__main__":
    main()
