// A temperature (1-Wire probes of the w1 issue, or any sensor): payload °C as a number, or
// { temperatureC, romId }; msg.topic names the probe.
import { accept, isFiniteNumber, objectOf, refuse, type Read } from './read';

export interface TemperatureReading {
  temperatureC: number;
  /** The 1-Wire ROM id (28-0316a2799bff), when the sensor has one. */
  romId?: string;
  topic?: string;
}

export function readTemperature(msg: { topic?: unknown; payload?: unknown; unit?: unknown; state?: unknown }): Read<TemperatureReading> {
  // A sensor that names another unit (a DS2438's %RH from wes-onewire) is not a temperature,
  // however thermometer-like its number looks: a thermostat must not take 48 %RH for 48 °C.
  if (msg.unit !== undefined && msg.unit !== '°C') return refuse('not-temperature');
  // Nor is a contact of wes-input (payload 1 closed, 0 open, which would read as 1 °C).
  if (msg.state === 'closed' || msg.state === 'open') return refuse('not-temperature');
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

export interface HumidityReading {
  humidityPct: number;
  romId?: string;
  topic?: string;
}

/** A relative humidity (wes-onewire's DS2438 boards): payload %RH as a number, msg.unit "%RH". */
export function readHumidity(msg: { topic?: unknown; payload?: unknown; unit?: unknown; romId?: unknown }): Read<HumidityReading> {
  if (msg.unit !== '%RH') return refuse('not-humidity');
  if (!isFiniteNumber(msg.payload)) return refuse('bad-field', { field: 'payload' });
  // A little over 100 is a probe's calibration, far over it a broken reading.
  if (msg.payload < 0 || msg.payload > 110) return refuse('bad-field', { field: 'payload', value: msg.payload });
  return accept({
    humidityPct: msg.payload,
    ...(typeof msg.romId === 'string' ? { romId: msg.romId } : {}),
    ...(typeof msg.topic === 'string' && msg.topic ? { topic: msg.topic } : {}),
  });
}
