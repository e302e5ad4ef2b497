import { z } from 'zod';

type JsonSchema = Record<string, unknown>;

/**
 * Turns zod schemas into OpenAPI 3.1 components: schemas named with `.meta({ id })` become
 * `#/components/schemas/<id>`, everything else is inlined. OpenAPI 3.1 is JSON Schema 2020-12,
 * zod's default target, so only the reference paths need rewriting.
 */
export class SchemaComponents {
  readonly schemas: Record<string, JsonSchema> = {};

  /** The schema (or a $ref to it) for use inside an operation; `name` forces a component. */
  ref(schema: z.ZodType, name?: string): JsonSchema {
    const json = z.toJSONSchema(schema, {
      io: 'input',
      unrepresentable: 'any',
      // a Date travels as its ISO string: say so rather than "anything" (an empty schema)
      override: (ctx) => {
        if (ctx.zodSchema._zod.def.type === 'date')
          Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
      },
    }) as JsonSchema;
    const {
      $defs,
      $schema: _schema,
      ...root
    } = rewriteRefs(json) as JsonSchema & { $defs?: Record<string, JsonSchema> };
    Object.assign(this.schemas, $defs ?? {});
    if (!name) return root;
    this.schemas[name] = root;
    return { $ref: `#/components/schemas/${name}` };
  }

  /** Query parameters from an object schema, one per property. */
  parameters(schema: z.ZodType): JsonSchema[] {
    const known = new Set(Object.keys(this.schemas));
    const root = this.ref(schema);
    const id = typeof root.$ref === 'string' ? root.$ref.split('/').pop()! : undefined;
    const json = id ? this.schemas[id]! : root;
    // its properties become the parameters: as a component of its own it would be unused
    if (id && !known.has(id)) delete this.schemas[id];
    const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
    const required = new Set((json.required as string[] | undefined) ?? []);
    return Object.entries(properties).map(([name, property]) => {
      const { description, ...rest } = property;
      return { name, in: 'query', required: required.has(name), description, schema: rest };
    });
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        k === '$ref' && typeof v === 'string'
          ? v.replace('#/$defs/', '#/components/schemas/')
          : rewriteRefs(v),
      ]),
    );
  }
  return value;
}
