// Config validation shared by every node adapter: one ajv instance, JSON schemas compiled
// once per node type, errors rendered as one readable line for node.error and the status.
import Ajv, { type ErrorObject, type JSONSchemaType, type ValidateFunction } from 'ajv';

// Node-RED delivers numbers typed in the editor as strings: coercion makes "9" a 9.
const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, removeAdditional: false });

export function errorText(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath.replace(/^\//, '') || 'config'} ${e.message ?? 'is invalid'}`).join('; ');
}

export type ConfigResult<T> = { ok: true; config: T } | { ok: false; error: string };

/** Compiles a schema; the returned function validates a copy of the node's definition. */
export function configValidator<T>(schema: JSONSchemaType<T>): (def: unknown) => ConfigResult<T> {
  const validate = ajv.compile(schema);
  return (def: unknown) => {
    const copy = JSON.parse(JSON.stringify(def ?? {})) as unknown;
    if (validate(copy)) return { ok: true, config: copy };
    return { ok: false, error: errorText(validate.errors) };
  };
}

/** A schema compiled on the shared instance, for nodes that validate their definition in place. */
export function compileSchema(schema: object): ValidateFunction {
  return ajv.compile(schema);
}
