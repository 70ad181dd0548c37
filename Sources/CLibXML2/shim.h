#ifndef CLIBXML2_SHIM_H
#define CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 pulls in the system ICU, which clashes with Swift's own
   _FoundationICU module on a clean build; Thinline never uses the ICU parts. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xmlschemas.h>
#include <libxml/xmlreader.h>
#include <libxml/parserInternals.h>
/* Swift 6 rejects the xmlFree global as not concurrency-safe. */
static inline void clibxml2_free(void *ptr) { xmlFree(ptr); }
#endif
