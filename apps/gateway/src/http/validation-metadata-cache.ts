// class-validator looks up a class's rules on every object it validates: it filters the class's
// metadata, then walks every class it knows to find the ones this one inherits from, then groups
// the result by property — for the request body and again for each message in it. The rules of a
// class never change once its module is loaded, so the gateway keeps the answer per class and
// options, and drops every kept answer if a rule is ever registered later.
import { getMetadataStorage } from 'class-validator';

type Storage = ReturnType<typeof getMetadataStorage>;
type Lookup = Storage['getTargetValidationMetadatas'];
type Metadatas = ReturnType<Lookup>;
type Grouped = ReturnType<Storage['groupByPropertyName']>;

let installed = false;

export function cacheValidationMetadata(storage: Storage = getMetadataStorage()): void {
  if (installed) return;
  installed = true;
  const lookup = storage.getTargetValidationMetadatas.bind(storage);
  const group = storage.groupByPropertyName.bind(storage);
  let byTarget = new WeakMap<object, Map<string, Metadatas>>();
  let groups = new WeakMap<Metadatas, Grouped>();
  const forget = () => {
    byTarget = new WeakMap();
    groups = new WeakMap();
  };
  storage.getTargetValidationMetadatas = (target, schema, always, strictGroups, wanted) => {
    const key = `${schema}\u0000${always}\u0000${strictGroups}\u0000${wanted?.join('\u0001') ?? ''}`;
    let kept = byTarget.get(target);
    if (kept === undefined) byTarget.set(target, (kept = new Map<string, Metadatas>()));
    let metadatas = kept.get(key);
    if (metadatas === undefined)
      kept.set(key, (metadatas = lookup(target, schema, always, strictGroups, wanted)));
    return metadatas;
  };
  // Only the kept lists are grouped once; the validator reads the groups and never changes them.
  storage.groupByPropertyName = (metadatas) => {
    let grouped = groups.get(metadatas);
    if (grouped === undefined) groups.set(metadatas, (grouped = group(metadatas)));
    return grouped;
  };
  for (const method of ['addValidationMetadata', 'addConstraintMetadata', 'addValidationSchema'] as const) {
    const add = storage[method].bind(storage) as (value: never) => void;
    (storage[method] as (value: never) => void) = (value: never) => {
      forget();
      add(value);
    };
  }
}
