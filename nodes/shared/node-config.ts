// Config validation shared by every node adapter: one ajv instance, each node's JSON schema
// compiled once, declared with its cross-field checks and its migrations in one place
// (defineConfig), errors rendered as one readable line for node.error and the status.
import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';
import type { Problem } from '../core/problem';

// Node-RED delivers numbers typed in the editor as strings: coercion makes "9" a 9. Blank
// fields are removed before validation (see normalise), so coercion never turns "" into 0.
// strictTypes is off because our schemas use if/then branches whose properties carry
// keywords without a type of their own; ajv would otherwise print outside Node-RED's log.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, removeAdditional: false, strictTypes: false });

function errorText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath.replace(/^\//, '') || 'config'} ${e.message ?? 'is invalid'}`).join('; ');
}

export type ConfigResult<T> = { ok: true; config: T } | { ok: false; error: string | Problem };

/** A config written by an older editor, brought one version up. */
export type Migration = (def: Record<string, unknown>) => Record<string, unknown>;

export interface ConfigSpec<T> {
  /** Node type, so tests can find every node's spec (configSpecs). */
  type: string;
  schema: JSONSchemaType<T> | Record<string, unknown>;
  /** Current config version, saved by the editor as `configVersion`; 0 when never migrated. */
  version: number;
  /** Properties that migrations fill in and the editor never shows. */
  internal: readonly string[];
  /** The config for a node definition: migrated, blanks removed, defaults applied, checked. */
  parse(def: unknown): ConfigResult<T>;
}

export interface ConfigDeclaration<T> {
  type: string;
  schema: JSONSchemaType<T> | Record<string, unknown>;
  /** Cross-field rules: each returns what is wrong (a text or a core problem), or null when the config is fine. */
  checks?: Array<(config: T) => string | Problem | null>;
  /** migrations[k] takes a config of version k to version k + 1. */
  migrations?: Migration[];
  /** Properties that migrations fill in and the editor never shows (no editor default expected). */
  internal?: string[];
}

const specs = new Map<string, ConfigSpec<unknown>>();

/** Every config spec declared so far, by node type (the editor-agreement test reads them). */
export function configSpecs(): ReadonlyMap<string, ConfigSpec<unknown>> {
  return specs;
}

function schemaProperties(schema: object): Set<string> {
  const props = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  return new Set(Object.keys(props));
}

/** Blank editor fields mean "use the default": "" and null are dropped for schema properties. */
function normalise(def: Record<string, unknown>, schema: object): Record<string, unknown> {
  const props = schemaProperties(schema);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(def)) {
    if (props.has(k) && (v === '' || v === null || (typeof v === 'string' && v.trim() === '' && v !== ''))) continue;
    out[k] = v;
  }
  return out;
}

function migrate(def: Record<string, unknown>, migrations: Migration[]): Record<string, unknown> {
  const from = Number(def.configVersion ?? 0);
  let cur = def;
  for (let v = Number.isInteger(from) && from >= 0 ? from : 0; v < migrations.length; v++) cur = migrations[v](cur);
  return { ...cur, configVersion: migrations.length };
}

export function defineConfig<T>(decl: ConfigDeclaration<T>): ConfigSpec<T> {
  const validate = ajv.compile(decl.schema) as ValidateFunction<T>;
  const migrations = decl.migrations ?? [];
  const spec: ConfigSpec<T> = {
    type: decl.type,
    schema: decl.schema,
    version: migrations.length,
    internal: decl.internal ?? [],
    parse(def) {
      const copy = JSON.parse(JSON.stringify(def ?? {})) as Record<string, unknown>;
      const ready = normalise(migrations.length ? migrate(copy, migrations) : copy, decl.schema);
      if (!validate(ready)) return { ok: false, error: errorText(validate.errors) };
      for (const check of decl.checks ?? []) {
        const error = check(ready);
        if (error !== null) return { ok: false, error };
      }
      return { ok: true, config: ready };
    },
  };
  specs.set(decl.type, spec as ConfigSpec<unknown>);
  return spec;
}

/** A schema whose properties take their defaults from one object, and none is then required. */
export function withDefaults(
  schema: { properties: Record<string, object>; required?: string[] },
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const properties: Record<string, object> = {};
  for (const [k, p] of Object.entries(schema.properties)) properties[k] = k in defaults ? { ...p, default: defaults[k] } : p;
  return { ...schema, properties, required: (schema.required ?? []).filter((k) => !(k in defaults)) };
}
