/* Reading DWARF sections directly: a bounded cursor over a debug
   section's bytes (mapped in place, or decompressed by libelf when the
   section is compressed) whose fixed-size fields come out relocated in a
   relocatable file, the way a linker would have written them.  Nothing
   here reads past a section: a cursor that would is marked bad and then
   only returns zeros.  */
#ifndef INITSCAN_DWARF_READ_H
#define INITSCAN_DWARF_READ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct image;
struct reloc;

struct dwr_section
{
  const char *name;
  const unsigned char *data;   /* NULL if the image has no such section */
  size_t size;
  struct reloc *relocs;        /* relocatable files: sorted by offset */
  size_t nrelocs;
};

/* Find section NAME (or its .zdebug_ form) of IMG and make its contents
   readable.  False, with a note on IMG, when the section is present but
   cannot be read; a missing section is not an error (data stays NULL).  */
bool dwr_section_load (struct image *img, const char *name, struct dwr_section *out);
void dwr_section_free (struct dwr_section *sec);

struct dwr_cursor
{
  const struct image *img;
  const struct dwr_section *sec;
  size_t pos, end;
  bool bad;
};

/* A cursor over [START, END) of SEC (clamped to the section).  */
struct dwr_cursor dwr_cursor (const struct image *img, const struct dwr_section *sec,
                                  size_t start, size_t end);

uint64_t dwr_u8 (struct dwr_cursor *c);
uint64_t dwr_u16 (struct dwr_cursor *c);
/* A WIDTH-byte field (1, 2, 4 or 8), relocated if a relocation applies
   to it.  */
uint64_t dwr_field (struct dwr_cursor *c, unsigned width);
uint64_t dwr_uleb (struct dwr_cursor *c);
int64_t dwr_sleb (struct dwr_cursor *c);
/* Skip the attribute specifications of one abbreviation (.debug_abbrev:
   name/form pairs up to 0/0; DW_FORM_implicit_const carries a value).  */
void dwr_skip_abbrev_specs (struct dwr_cursor *c);
/* An inline NUL-terminated string, NULL if it is not terminated.  */
const char *dwr_cstr (struct dwr_cursor *c);
void dwr_skip (struct dwr_cursor *c, uint64_t n);

/* A string at offset OFF of a string section, NULL if outside it.  */
const char *dwr_string_at (const struct dwr_section *strs, uint64_t off);

/* The initial length of a unit (DWARF 32- or 64-bit format): sets
   *OFFSET_SIZE (4 or 8) and returns the offset the unit ends at, with the
   cursor just after the length; 0 when the length does not fit.  */
size_t dwr_unit_length (struct dwr_cursor *c, unsigned *offset_size);

/* Step C over the next unit of its section: *START gets the offset it
   begins at, *UNIT a cursor over its contents (after the length),
   *OFFSET_SIZE its offset size.  False at the end of the section or at a
   length that does not fit.  */
bool dwr_next_unit (struct dwr_cursor *c, size_t *start, struct dwr_cursor *unit,
                      unsigned *offset_size);

/* .debug_aranges (DWARF 5, 6.1.2): call FN (ARG, UNIT, LO, HI) for every
   address range [LO, HI) of SEC, UNIT being the offset in .debug_info of
   the unit its set names.  */
void dwr_aranges_walk (const struct image *img, const struct dwr_section *sec,
                         void (*fn) (void *arg, uint64_t unit, uint64_t lo, uint64_t hi),
                         void *arg);

/* What an attribute's form needs to be read, and where its strings are.  */
struct dwr_form_env
{
  unsigned version, offset_size, address_size;
  const struct dwr_section *str, *line_str;
};

/* The header of the .debug_info unit C starts at (DWARF 5, 7.5.1): C's
   end becomes the unit's and C is left at its first DIE; ENV gets the
   unit's version and sizes, *ABBREV the offset of its abbreviations in
   .debug_abbrev.  False for a kind of unit or a version initscan does not
   read, or a damaged header.  */
bool dwr_info_unit (struct dwr_cursor *c, struct dwr_form_env *env, uint64_t *abbrev);

struct dwr_value
{
  uint64_t u;         /* constants, offsets, addresses */
  const char *str;    /* string forms with a resolvable string */
};

/* Read (or skip) one value of FORM.  False for a form initscan does not
   know (the cursor is then marked bad: its size is unknown).  */
bool dwr_form_value (struct dwr_cursor *c, uint64_t form,
                       const struct dwr_form_env *env, struct dwr_value *v);

#endif
