/** The 18 intrinsic functions of the Amazon States Language (JSONPath mode), by full name. */
import { array } from "./functions/array.ts";
import { arrayContains } from "./functions/array-contains.ts";
import { arrayGetItem } from "./functions/array-get-item.ts";
import { arrayLength } from "./functions/array-length.ts";
import { arrayPartition } from "./functions/array-partition.ts";
import { arrayRange } from "./functions/array-range.ts";
import { arrayUnique } from "./functions/array-unique.ts";
import { base64Decode } from "./functions/base64-decode.ts";
import { base64Encode } from "./functions/base64-encode.ts";
import { format } from "./functions/format.ts";
import { hash } from "./functions/hash.ts";
import { jsonMerge } from "./functions/json-merge.ts";
import { jsonToString } from "./functions/json-to-string.ts";
import { mathAdd } from "./functions/math-add.ts";
import { mathRandom } from "./functions/math-random.ts";
import { stringSplit } from "./functions/string-split.ts";
import { stringToJson } from "./functions/string-to-json.ts";
import { uuid } from "./functions/uuid.ts";
import type { IntrinsicDef } from "./types.ts";

export const INTRINSICS: ReadonlyMap<string, IntrinsicDef> = new Map(
  [
    format,
    stringToJson,
    jsonToString,
    array,
    arrayPartition,
    arrayContains,
    arrayRange,
    arrayGetItem,
    arrayLength,
    arrayUnique,
    base64Encode,
    base64Decode,
    hash,
    jsonMerge,
    mathRandom,
    mathAdd,
    stringSplit,
    uuid,
  ].map((def) => [def.name, def]),
);
