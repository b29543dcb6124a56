// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the module is open because the library reflects on itself.
open module jnr.a64asm {
    exports jnr.a64asm;

}
