// Which hardware each input of the shipped supervisor flow uses.
//
// `npm start` simulates everything unless this file is copied to `settings/hardware.js`
// (git-ignored, so your wiring stays yours) and edited. Each entry can also be set, and
// overridden, with an environment variable, shown beside it; e.g.
//   WES_TIC1_SOURCE=serial WES_TIC1_PORT=/dev/ttyAMA0 npm start
//
// The supervisor flow reads these through Node-RED's `${VAR}` property substitution, so a
// change here takes effect on the next start without touching the flow.
module.exports = {
  tic1: {
    source: 'serial', // WES_TIC1_SOURCE: 'simulated' | 'serial'
    port: '/dev/ttyAMA0', // WES_TIC1_PORT: the serial device of the TIC interface
    baud: 'auto', // WES_TIC1_BAUD: 'auto' | '1200' (historique) | '9600' (standard)
  },
  tic2: {
    source: 'simulated', // WES_TIC2_SOURCE
    port: '/dev/ttyUSB0', // WES_TIC2_PORT
    baud: 'auto', // WES_TIC2_BAUD
  },
  gpio: {
    backend: 'auto', // WES_GPIO_BACKEND: 'auto' | 'gpiod' | 'sysfs' | 'simulated' (relays, inputs)
  },
  onewire: {
    backend: 'sysfs', // WES_ONEWIRE_BACKEND: 'sysfs' (the kernel's w1) | 'owserver' | 'simulated'
    root: '/sys/bus/w1/devices', // WES_ONEWIRE_ROOT: the kernel's w1 devices
    host: 'localhost', // WES_ONEWIRE_HOST: owserver's host
    port: 4304, // WES_ONEWIRE_PORT: owserver's port
  },
};
