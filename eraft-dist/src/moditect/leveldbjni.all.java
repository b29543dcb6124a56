// Module descriptor given to an automatic-module jar at build time (moditect), so jlink accepts it.
// Drafted with jdeps --generate-module-info; the module is open because the library reflects on itself.
open module leveldbjni.all {
    exports org.fusesource.hawtjni.runtime;
    exports org.fusesource.leveldbjni;
    exports org.fusesource.leveldbjni.internal;
    exports org.iq80.leveldb;

}
