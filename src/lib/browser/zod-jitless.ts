/**
 * Turns off zod's compiled fast path before any schema is built: probing for it calls `new Function`, which the
 * site's Content Security Policy forbids and reports as a violation. Import this before any module that builds schemas.
 */
import { z } from "zod";

z.config({ jitless: true });
