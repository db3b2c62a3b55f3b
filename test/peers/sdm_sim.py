#!/usr/bin/python3
"""An SDM-like Modbus RTU slave on a serial device (one end of a socat pty pair), for the
system tests: pymodbus serves the input-register image given as JSON ({"fc4": {addr: word}}),
at the given unit id. Addresses outside the image answer exception 2 (sparse block); other
unit ids get no answer. Usage: sdm_sim.py DEVICE BAUD IMAGE.json [UNIT]"""
import json
import logging
import sys

from pymodbus.datastore import ModbusServerContext, ModbusSlaveContext, ModbusSparseDataBlock
from pymodbus.server import StartSerialServer
from pymodbus.transaction import ModbusRtuFramer

logging.basicConfig(level=logging.CRITICAL)

device, baud, image_path = sys.argv[1], int(sys.argv[2]), sys.argv[3]
unit = int(sys.argv[4]) if len(sys.argv) > 4 else 1
with open(image_path) as f:
    image = json.load(f)
ir = ModbusSparseDataBlock({int(k): v for k, v in image.get("fc4", {}).items()})
hr = ModbusSparseDataBlock({int(k): v for k, v in image.get("fc3", {"40000": 0}).items()})
slave = ModbusSlaveContext(ir=ir, hr=hr, zero_mode=True)
context = ModbusServerContext(slaves={unit: slave}, single=False)
print("ready", flush=True)
StartSerialServer(context=context, framer=ModbusRtuFramer, port=device, baudrate=baud)
