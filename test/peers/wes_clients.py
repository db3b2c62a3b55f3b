#!/usr/bin/python3
"""Reads a WES's data.cgx the way its clients do, and prints what they would see as JSON.

- Home Assistant's cartelectronic-wes component and the Prometheus exporter: requests with HTTP Basic
  auth, then xmltodict.parse(text)["data"]["tic1"]["PAP"] and so on;
- the MQTT bridge (lanfisis wes_server_2_mqtt): every child of <data> whose name contains "tic",
  skipped when ADCO is "Pas Dispo" (as HA and jwes do);
- the Jeedom plugin: clamps (//pince/I1…), probes (//temp/SONDE1…), the 1-Wire relay boards found
  by probing //relais1W/RELAIS<c>01, and relay commands with RL.cgi?rl1=ON|OFF, rl101=ON and AJAX.CGX?frl=1.

Usage: wes_clients.py <base url> <user> <password> [command query ...]
A command query (e.g. "RL.cgi?rl2=ON") is sent first; its status code is reported.
Exits 0 with a JSON document on stdout, 2 when the box refuses the credentials.
"""
import json
import sys

import requests
import xmltodict


def main():
    base, user, password, *commands = sys.argv[1:]
    session = requests.Session()
    session.auth = (user, password)
    out = {"commands": {}}
    for q in commands:
        out["commands"][q] = session.get(f"{base}/{q}", timeout=10).status_code
    # The exporter polls /DATA.CGX, HA's constant is /DATA.cgx, Jeedom polls /data.cgx.
    r = session.get(f"{base}/DATA.CGX", timeout=10)
    if r.status_code == 401:
        print(json.dumps({"status": 401, "realm": r.headers.get("WWW-Authenticate", "")}))
        return 2
    r.raise_for_status()
    data = xmltodict.parse(r.text)["data"]

    tics = {}
    for name, block in data.items():
        if "tic" in name and block["ADCO"] != "Pas Dispo":
            tics[name] = {
                "ADCO": block["ADCO"],
                "OPTARIF": block["OPTARIF"],
                "ISOUSC": int(block["ISOUSC"]),
                "PTEC": block["PTEC"],
                "PAP": int(block["PAP"]),
                "IINST": int(block["IINST"]),
                "IMAX": int(block["IMAX"]),
                "TENSION1": int(block["TENSION1"]),
                "DEMAIN": block["DEMAIN"],
                # Index registers: Wh, divided by 1000 by the clients that show kWh.
                "H_PLEINE_kWh": int(block["H_PLEINE"]) / 1000,
                "H_CREUSE_kWh": int(block["H_CREUSE"]) / 1000,
                "HCHP": int(block["HCHP"]),
                "HCHC": int(block["HCHC"]),
                "BASE": int(block["BASE"]),
            }
    out.update(
        {
            "status": r.status_code,
            "content_type": r.headers.get("Content-Type", ""),
            "firmware": data["info"]["firmware"],
            "date": data["info"]["date"],
            "tics": tics,
            "tic2_ADCO": data["tic2"]["ADCO"],
            "impulsion": {k: float(v) for k, v in data["impulsion"].items()},
            "pince": {k: float(v) for k, v in data["pince"].items()},
            "temp": {k: float(v) for k, v in data["temp"].items()},
            # HA and Jeedom turn ON/OFF into booleans.
            "relais": {k: v == "ON" for k, v in data["relais"].items()},
            "entree": {k: int(v) for k, v in data["entree"].items()},
            "analogique": {k: float(v) for k, v in data["analogique"].items()},
            "switch_virtuel": {k: int(v) for k, v in data["switch_virtuel"].items()},
            "variables": {k: float(v) for k, v in data["variables"].items()},
            # JW probes RELAIS<c>01 to discover the 1-Wire boards; an empty block is None.
            "relais1W": dict(data["relais1W"] or {}),
        }
    )
    # Jeedom (JW/JC) reads each clamp by xpath //pince/I<n>, //pince/INDEX<n> (Wh on this firmware,
    # shown in kWh) and the mains voltage //pince/V; each probe //temp/SONDE<n>.
    pince = data["pince"]
    out["clamps"] = {
        n: {"I": float(pince[f"I{n}"]), "INDEX_kWh": int(pince[f"INDEX{n}"]) / 1000, "INJECT_kWh": int(pince[f"INJECT{n}"]) / 1000}
        for n in range(1, 5)
    }
    out["mains_V"] = int(pince["V"])
    out["sondes"] = {n: float(data["temp"][f"SONDE{n}"]) for n in range(1, 31)}
    # JW discovers the 1-Wire relay boards by probing //relais1W/RELAIS<c>01 for c = 1..9, then
    # reads the eight relays of each board found as ON/OFF; Vera maps them with an offset of 100.
    relais1w = data["relais1W"] or {}
    boards = [c for c in range(1, 10) if f"RELAIS{c}01" in relais1w]
    out["relais1W_boards"] = boards
    out["relais1W_on"] = {c * 100 + r: relais1w[f"RELAIS{c}0{r}"] == "ON" for c in boards for r in range(1, 9)}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
