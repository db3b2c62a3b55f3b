// wes-gpio: the config node that owns a GPIO chip. Every pulse, input and relay node opens its
// line through it, so a line has exactly one owner and the backend (sysfs via onoff, the character
// device via gpiomon/gpioset, or the simulated twin) is chosen in one place.

import type { NodeAPI, NodeDef } from 'node-red';
import { openBackend, detectAvailability, type BackendChoice } from '../io/gpio/detect';
import { claimLine, releaseLine } from '../io/gpio/line-registry';
import type { GpioBackend } from '../io/gpio/types';
import { translator } from '../shared/translate';
import { describeOwner, type WesGpioNode } from './gpio-node';
import { compileSchema, errorText } from '../shared/node-config';

interface GpioConfig {
  name?: string;
  backend: BackendChoice;
  chip: string;
}

const configSchema = {
  type: 'object',
  properties: {
    backend: { enum: ['auto', 'sysfs', 'gpiod', 'simulated'] },
    chip: { type: 'string', pattern: '^[A-Za-z0-9_.:-]*$', maxLength: 64 },
  },
  required: ['backend', 'chip'],
};

export = function (RED: NodeAPI) {
  const t = translator(RED, __dirname, 'wes-gpio');
  const validate = compileSchema(configSchema);

  function WesGpio(this: WesGpioNode, def: NodeDef & Partial<GpioConfig>) {
    RED.nodes.createNode(this, def);
    const node = this;
    const cfg = { backend: def.backend || 'auto', chip: def.chip ?? 'auto' };
    let backendPromise: Promise<GpioBackend>;
    let label = '';
    if (!validate(cfg)) {
      const text = errorText(validate.errors);
      backendPromise = Promise.reject(new Error(t('errors.config', { text })));
    } else {
      const c = cfg as GpioConfig;
      backendPromise = openBackend({ choice: c.backend, chip: c.chip || 'auto' }).then(({ backend, fallback }) => {
        label = fallback ? t('status.fallback') : backend.description;
        node.log(t('log.using', { backend: label }));
        if (fallback) node.warn(t('errors.noHardware'));
        return backend;
      });
    }
    // Rejections are handled by whoever awaits ready(); this keeps Node from flagging them as unhandled.
    backendPromise.catch((e: Error) => node.error(e.message));
    const chipKey = cfg.backend === 'simulated' ? `simulated:${node.id}` : `chip ${cfg.chip || 'auto'}`;
    const owned = new Set<number>();

    node.ready = () => backendPromise;
    node.backendLabel = () => label;
    node.claim = (line, owner) => {
      claimLine(chipKey, line, describeOwner(owner));
      owned.add(line);
    };
    node.release = (line, owner) => {
      releaseLine(chipKey, line, describeOwner(owner));
    };
    node.openInput = async (req, onEdge, onError) => (await backendPromise).openInput(req, onEdge, onError);
    node.openOutput = async (req) => (await backendPromise).openOutput(req);

    node.on('close', (done: () => void) => {
      backendPromise
        .then((b) => b.close())
        .catch(() => undefined)
        .finally(() => done());
    });
  }

  RED.nodes.registerType('wes-gpio', WesGpio as unknown as Parameters<NodeAPI['nodes']['registerType']>[1]);

  // The editor shows which backends this machine offers before the user deploys.
  RED.httpAdmin.get('/wes-gpio/detect', RED.auth.needsPermission('wes-gpio.read'), (_req, res) => {
    res.json(detectAvailability());
  });
};
