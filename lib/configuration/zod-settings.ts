import { config } from 'zod';

// Zod compiles a fast path for each object schema with `new Function` on its first parse. The app
// parses each schema a handful of times per synth and exits, so the compiling costs more than it
// saves: loading the shipped configuration took 359-440 ms jitted against 189-260 ms jitless in a
// fresh process (alternated runs, with the benchmark loading the host beside them), and a second load 87-113
// ms against 67-98 ms.
// Zod decides when it builds a schema, so this module is the app's first import (main.ts).
config({ jitless: true });
