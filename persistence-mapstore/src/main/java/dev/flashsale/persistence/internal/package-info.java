/** Helpers shared by the persistence feature packages; not part of the module's API. */
package dev.flashsale.persistence.internal;
