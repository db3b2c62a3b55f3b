// wes-gpio: the config node that owns a GPIO chip. Every pulse, input and relay node opens its
// line through it, so a line has exactly one owner and the backend (sysfs via onoff, the character
// device via gpiomon/gpioset, or the simulated twin) is chosen in one place.

import type { NodeAPI } from 'node-red';
import { openBackend, detectAvailability, type BackendChoice } from '../io/gpio/detect';
import { claimLine, releaseLine } from '../io/gpio/line-registry';
import { SimulatedGpio } from '../io/gpio/simulated-backend';
import type { GpioBackend } from '../io/gpio/types';
import { defineNode } from '../shared/define-node';
import { defineConfig } from '../shared/node-config';
import { describeOwner, type WesGpioNode } from './gpio-node';

interface GpioConfig {
  name: string;
  backend: BackendChoice;
  chip: string;
}

const config = defineConfig<GpioConfig>({
  type: 'wes-gpio',
  schema: {
    type: 'object',
    properties: {
      name: { type: 'string', default: '' },
      backend: { type: 'string', enum: ['auto', 'sysfs', 'gpiod', 'simulated'], default: 'auto' },
      chip: { type: 'string', pattern: '^[A-Za-z0-9_.:-]*$', maxLength: 64, default: 'auto' },
    },
    required: [],
  },
});

export = function (RED: NodeAPI) {
  defineNode<GpioConfig, WesGpioNode>(RED, {
    type: 'wes-gpio',
    dir: __dirname,
    config,
    setup({ node, config: c, t, onClose }) {
      let label = '';
      const backendPromise: Promise<GpioBackend> = openBackend({ choice: c.backend, chip: c.chip }).then(({ backend, fallback }) => {
        label = fallback ? t('status.fallback') : backend.description;
        node.log(t('log.using', { backend: label }));
        if (fallback) node.warn(t('errors.noHardware'));
        return backend;
      });
      // Rejections are handled by whoever awaits ready(); this keeps Node from flagging them as unhandled.
      backendPromise.catch((e: Error) => node.error(e.message));
      const chipKey = c.backend === 'simulated' ? `simulated:${node.id}` : `chip ${c.chip}`;

      node.ready = () => backendPromise;
      node.backendLabel = () => label;
      node.claim = (line, owner) => claimLine(chipKey, line, describeOwner(owner));
      node.release = (line, owner) => releaseLine(chipKey, line, describeOwner(owner));
      node.openInput = async (req, onEdge, onError, onRecovered) => (await backendPromise).openInput(req, onEdge, onError, onRecovered);
      node.simulateInput = async (line, present) => {
        const b = await backendPromise;
        if (!(b instanceof SimulatedGpio)) return false;
        if (present) b.plug(line);
        else b.unplug(line);
        return true;
      };
      node.openOutput = async (req) => (await backendPromise).openOutput(req);
      onClose(() => backendPromise.then((b) => b.close()).catch(() => undefined));
    },
  });

  // The editor shows which backends this machine offers before the user deploys.
  RED.httpAdmin.get('/wes-gpio/detect', RED.auth.needsPermission('wes-gpio.read'), (_req, res) => {
    res.json(detectAvailability());
  });
};
