#!/usr/bin/python3
"""A plain Modbus slave for the raw-register system tests: pymodbus serves coils, discrete
inputs, holding and input registers (zero-based, 0..99 each) from a JSON image
({"co": [bits], "di": [bits], "hr": [words], "ir": [words]}, missing entries are 0), over TCP
or RTU on a serial device (one end of a socat pty pair). Every write that reaches the
datastore is printed as one line, `write <fc> <address> <json values>`, so a test can see what
the slave itself stored, whatever master sent it.
Usage: raw_slave.py tcp PORT IMAGE.json [UNIT] | raw_slave.py rtu DEVICE IMAGE.json [UNIT]"""
import json
import logging
import os
import signal
import sys

from pymodbus.datastore import ModbusSequentialDataBlock, ModbusServerContext, ModbusSlaveContext
from pymodbus.server import StartSerialServer, StartTcpServer
from pymodbus.transaction import ModbusRtuFramer

logging.basicConfig(level=logging.CRITICAL)

SIZE = 100


class LoggedContext(ModbusSlaveContext):
    def setValues(self, fc_as_hex, address, values):
        super().setValues(fc_as_hex, address, values)
        # bits arrive as booleans (FC 5, 15), registers as ints (FC 6, 16)
        print("write", fc_as_hex, address, json.dumps([int(v) for v in values]), flush=True)


mode, where, image_path = sys.argv[1], sys.argv[2], sys.argv[3]
unit = int(sys.argv[4]) if len(sys.argv) > 4 else 1
with open(image_path) as f:
    image = json.load(f)


def block(key, as_bool):
    values = list(image.get(key, []))[:SIZE]
    values += [0] * (SIZE - len(values))
    return ModbusSequentialDataBlock(0, [bool(v) for v in values] if as_bool else values)


slave = LoggedContext(
    co=block("co", True), di=block("di", True), hr=block("hr", False), ir=block("ir", False), zero_mode=True
)
context = ModbusServerContext(slaves={unit: slave}, single=False)
# asyncio's serial server can sit on SIGTERM; the tests stop peers with it
signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
print("ready", flush=True)
if mode == "tcp":
    StartTcpServer(context=context, address=("127.0.0.1", int(where)))
else:
    StartSerialServer(context=context, framer=ModbusRtuFramer, port=where, baudrate=9600)
