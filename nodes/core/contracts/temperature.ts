// A temperature (1-Wire probes of the w1 issue, or any sensor): payload °C as a number, or
// { temperatureC, romId }; msg.topic names the probe.
import { accept, isFiniteNumber, objectOf, refuse, type Read } from './read';

export interface TemperatureReading {
  temperatureC: number;
  /** The 1-Wire ROM id (28-0316a2799bff), when the sensor has one. */
  romId?: string;
  topic?: string;
}

export function readTemperature(msg: { topic?: unknown; payload?: unknown; unit?: unknown }): Read<TemperatureReading> {
  // A sensor that names another unit (a DS2438's %RH from wes-onewire) is not a temperature,
  // however thermometer-like its number looks: a thermostat must not take 48 %RH for 48 °C.
  if (msg.unit !== undefined && msg.unit !== '°C') return refuse('not-temperature');
  const p = msg.payload;
  const o = objectOf(p);
  const c = isFiniteNumber(p) ? p : o?.temperatureC;
  if (!isFiniteNumber(c)) return refuse('not-temperature');
  // Below absolute zero or above a sensor's range is a broken reading (DS18B20: -55..125 °C; 85 is its reset value but valid).
  if (c < -273.15 || c > 1000) return refuse('bad-field', { field: 'temperatureC', value: c });
  if (o && o.romId !== undefined && typeof o.romId !== 'string') return refuse('bad-field', { field: 'romId' });
  return accept({
    temperatureC: c,
    ...(o && typeof o.romId === 'string' ? { romId: o.romId } : {}),
    ...(typeof msg.topic === 'string' && msg.topic ? { topic: msg.topic } : {}),
  });
}
