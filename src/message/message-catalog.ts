import { ConfigError, UnknownMessageTypeError } from '../errors';
import type { MessageDefinition } from './define-message';

/** The app's message definitions by type. */
export class MessageCatalog {
  private readonly byType = new Map<string, MessageDefinition>();

  constructor(definitions: readonly MessageDefinition[]) {
    for (const definition of definitions) {
      if (this.byType.has(definition.type))
        throw new ConfigError(`Message type "${definition.type}" is defined twice.`);
      this.byType.set(definition.type, definition);
    }
  }

  get(type: string): MessageDefinition {
    const definition = this.byType.get(type);
    if (!definition) throw new UnknownMessageTypeError(type);
    return definition;
  }

  has(type: string): boolean {
    return this.byType.has(type);
  }

  all(): MessageDefinition[] {
    return [...this.byType.values()];
  }
}
