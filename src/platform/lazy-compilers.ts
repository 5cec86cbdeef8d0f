// Route schemas compiled on their route's first use instead of at start: Ajv and fast-json-stringify
// compiling every schema of every route cost about half a second of each start.
import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';
import { SerializerSelector, type SerializerFactory } from '@fastify/fast-json-stringify-compiler';

type Validate = ((data: unknown) => unknown) & { errors?: unknown };

export const buildValidator: ValidatorFactory = (externalSchemas, options) => {
  const compile = AjvCompiler()(externalSchemas, options);
  return (route) => {
    let compiled: Validate | undefined;
    // Fastify reads `.errors` from the function it was given, so they are copied after each call.
    const validate: Validate = (data) => {
      compiled ??= compile(route) as Validate;
      const result = compiled(data);
      validate.errors = compiled.errors;
      return result;
    };
    return validate as ReturnType<ReturnType<ValidatorFactory>>;
  };
};

export const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = SerializerSelector()(externalSchemas, options);
  return (route) => {
    let serialize: ((doc: unknown) => string) | undefined;
    return (doc: unknown) => (serialize ??= compile(route))(doc);
  };
};
