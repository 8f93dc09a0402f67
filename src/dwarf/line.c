/* Decoding DWARF line-number programs (DWARF 5, section 6.2).  */
#include "dwarf/line.h"

#include <dwarf.h>
#include <stdlib.h>
#include <string.h>

#include "index/image.h"
#include "util/util.h"

struct line_header
{
  unsigned offset_size, address_size;
  unsigned min_inst_length, max_ops, line_range, opcode_base;
  int line_base;
  bool default_is_stmt;
  const unsigned char *std_lengths;  /* operand counts of opcodes 1 .. opcode_base-1 */
  size_t program, end;               /* the opcodes: [program, end) */
  /* what each special opcode adds to the operation index and the line */
  uint8_t special_ops[256];
  int16_t special_line[256];
};

/* Before DWARF 5: include_directories, then file_names, each a list
   ended by an empty string.  */
static bool
read_v4_tables (struct dwr_cursor *c, struct line_program *prog)
{
  size_t cap = 0;
  const char *s;
  while ((s = dwr_cstr (c)) != NULL && *s != '\0')
    *ARRAY_PUSH (prog->dirs, prog->ndirs, cap) = s;
  cap = 0;
  size_t dcap = 0, dn = 0;
  while ((s = dwr_cstr (c)) != NULL && *s != '\0')
    {
      *ARRAY_PUSH (prog->names, prog->nfiles, cap) = s;
      *ARRAY_PUSH (prog->name_dirs, dn, dcap) = dwr_uleb (c);
      dwr_uleb (c); /* modification time */
      dwr_uleb (c); /* length */
    }
  return !c->bad;
}

/* DWARF 5: an entry format (content type, form pairs), then the entries;
   of each entry keep the path and directory index.  */
static bool
read_v5_entries (struct dwr_cursor *c, const struct dwr_form_env *env,
                 const char ***paths, uint64_t **dir_index, size_t *count)
{
  uint64_t content[256], form[256];
  unsigned nformats = (unsigned) dwr_u8 (c);
  bool has_path = false;
  for (unsigned i = 0; i < nformats; i++)
    {
      content[i] = dwr_uleb (c);
      form[i] = dwr_uleb (c);
      has_path |= content[i] == DW_LNCT_path;
    }
  uint64_t n = dwr_uleb (c);
  /* every entry has a path of at least one byte: bounds the count */
  if (c->bad || (n > 0 && (!has_path || n > c->end - c->pos)))
    return false;
  *paths = xcalloc (n ? n : 1, sizeof **paths);
  if (dir_index != NULL)
    *dir_index = xcalloc (n ? n : 1, sizeof **dir_index);
  *count = n;
  for (uint64_t e = 0; e < n; e++)
    for (unsigned i = 0; i < nformats; i++)
      {
        struct dwr_value v;
        if (!dwr_form_value (c, form[i], env, &v))
          return false;
        if (content[i] == DW_LNCT_path)
          (*paths)[e] = v.str;
        else if (content[i] == DW_LNCT_directory_index && dir_index != NULL)
          (*dir_index)[e] = v.u;
      }
  return true;
}

static bool
read_header (struct dwr_cursor *c, const struct image *img, const struct dwr_form_env *strs,
             struct line_program *prog, struct line_header *h)
{
  prog->unit_end = dwr_unit_length (c, &h->offset_size);
  if (prog->unit_end == 0)
    return false;
  c->end = prog->unit_end;
  prog->version = (unsigned) dwr_u16 (c);
  if (prog->version < 2 || prog->version > 5)
    return false;
  h->address_size = img->ptr_size;
  if (prog->version >= 5)
    {
      h->address_size = (unsigned) dwr_u8 (c);
      if (dwr_u8 (c) != 0) /* segment selectors: not on any Linux target */
        return false;
    }
  uint64_t header_length = dwr_field (c, h->offset_size);
  if (c->bad || header_length > c->end - c->pos)
    return false;
  h->program = c->pos + header_length;
  h->end = prog->unit_end;
  h->min_inst_length = (unsigned) dwr_u8 (c);
  h->max_ops = prog->version >= 4 ? (unsigned) dwr_u8 (c) : 1;
  h->default_is_stmt = dwr_u8 (c) != 0;
  h->line_base = (int8_t) dwr_u8 (c);
  h->line_range = (unsigned) dwr_u8 (c);
  h->opcode_base = (unsigned) dwr_u8 (c);
  if (c->bad || h->max_ops == 0 || h->line_range == 0 || h->opcode_base == 0)
    return false;
  for (unsigned op = h->opcode_base; op < 256; op++)
    {
      h->special_ops[op] = (uint8_t) ((op - h->opcode_base) / h->line_range);
      h->special_line[op] = (int16_t) (h->line_base + (int) ((op - h->opcode_base) % h->line_range));
    }
  h->std_lengths = c->sec->data + c->pos - 1;
  dwr_skip (c, h->opcode_base - 1);
  if (c->bad || c->pos > h->program)
    return false;
  c->end = h->program; /* the directory and file tables stay in the header */
  if (prog->version < 5)
    return read_v4_tables (c, prog);
  struct dwr_form_env env = *strs;
  env.version = 5;
  env.offset_size = h->offset_size;
  env.address_size = h->address_size;
  return read_v5_entries (c, &env, &prog->dirs, NULL, &prog->ndirs)
         && read_v5_entries (c, &env, &prog->names, &prog->name_dirs, &prog->nfiles);
}

struct line_state
{
  uint64_t addr, mask;
  unsigned op_index;
  uint32_t file;
  int64_t line;
  bool is_stmt;
};

static void
state_reset (struct line_state *s, const struct line_header *h)
{
  s->addr = 0;
  s->op_index = 0;
  s->file = 1;
  s->line = 1;
  s->is_stmt = h->default_is_stmt;
}

/* DWARF 5, 6.2.5.1: advancing by operations (VLIW bundles when
   max_ops > 1).  */
static inline void
advance (struct line_state *s, const struct line_header *h, uint64_t op_advance)
{
  if (h->max_ops == 1)
    s->addr += h->min_inst_length * op_advance;
  else
    {
      s->addr += h->min_inst_length * ((s->op_index + op_advance) / h->max_ops);
      s->op_index = (unsigned) ((s->op_index + op_advance) % h->max_ops);
    }
  s->addr &= s->mask;
}

/* One run of the state machine: either indexing the sequences of the
   whole program (SEQ is NULL) or decoding the rows of sequence SEQ.  */
struct line_run
{
  struct line_program *prog;
  struct line_seq *seq;
  size_t cap;               /* of seq->rows, or of prog->seqs */
  bool have_row;            /* indexing: the current sequence has a row */
  uint64_t first, highest;  /* its first row's address and the highest */
  size_t offset;            /* where it starts in .debug_line */
};

/* Whether ROW can be the opening line of a function starting at its
   address: a statement that does not merely go on with the line in
   effect before (GCC leaves zero-length rows of the function before at
   the boundary, e.g. after a BUG()).  */
static bool
opens_code (const struct line_row *row, const struct line_row *before)
{
  return row->is_stmt
         && !(before != NULL && before->file == row->file && before->line == row->line);
}

static inline void
push_row (struct line_seq *q, size_t *cap, const struct line_row *row)
{
  if (q->n == *cap)
    grow_array ((void **) &q->rows, cap, q->n + 1, sizeof *q->rows);
  q->rows[q->n++] = *row;
}

/* A second row at the address of the last one: keep the first that
   opens code there (see opens_code) and the last, the one in effect for
   the instructions there.  */
static void
row_at_same_address (struct line_seq *q, size_t *cap, struct line_row row)
{
  struct line_row *last = &q->rows[q->n - 1];
  struct line_row *first = q->n >= 2 && last[-1].addr == row.addr ? &last[-1] : last;
  const struct line_row *before = first > q->rows ? &first[-1] : NULL;
  if (!first->opens && opens_code (&row, before))
    {
      row.opens = true;
      *first = row;
      q->n = (size_t) (first - q->rows) + 1;
    }
  else if (first == last)
    push_row (q, cap, &row);
  else
    *last = row;
}

/* Append a row; of several at one address only two are kept (see
   row_at_same_address), and rows that would make the addresses of a
   sequence go down are dropped.  */
static inline void
emit_row (struct line_seq *q, size_t *cap, const struct line_state *s)
{
  struct line_row row = { s->addr, s->file, (int32_t) s->line, s->is_stmt, false };
  const struct line_row *last = q->n > 0 ? &q->rows[q->n - 1] : NULL;
  if (last == NULL || last->addr < row.addr)
    {
      row.opens = opens_code (&row, last);
      push_row (q, cap, &row);
    }
  else if (last->addr == row.addr)
    row_at_same_address (q, cap, row);
}

static inline void
new_row (struct line_run *run, const struct line_state *s)
{
  if (run->seq != NULL)
    emit_row (run->seq, &run->cap, s);
  else if (!run->have_row)
    {
      run->have_row = true;
      run->first = run->highest = s->addr;
    }
  else if (s->addr > run->highest)
    run->highest = s->addr;
}

/* DW_LNE_end_sequence, before the opcode at NEXT: returns true when the
   run is over.  */
static bool
end_sequence (struct line_run *run, const struct line_header *h, struct line_state *s,
              size_t next)
{
  if (run->seq != NULL)
    return true;
  if (run->have_row)
    {
      struct line_program *prog = run->prog;
      struct line_seq *q = ARRAY_PUSH (prog->seqs, prog->nseqs, run->cap);
      *q = (struct line_seq) { .start = run->first, .offset = run->offset };
      /* rows at the end address describe no instruction (GCC leaves one
         after the last function of a section); only a malformed sequence
         ends below its rows */
      q->end = s->addr >= run->highest ? s->addr : run->highest + 1;
    }
  run->have_row = false;
  run->offset = next;
  state_reset (s, h);
  return false;
}

/* LEB128 operands are nearly always one byte: read those here.  */
static inline uint64_t
uleb (struct dwr_cursor *c)
{
  if (c->pos < c->end && c->sec->data[c->pos] < 0x80)
    return c->sec->data[c->pos++];
  return dwr_uleb (c);
}

static inline int64_t
sleb (struct dwr_cursor *c)
{
  if (c->pos < c->end && c->sec->data[c->pos] < 0x80)
    {
      int64_t b = c->sec->data[c->pos++];
      return b & 0x40 ? b - 0x80 : b;
    }
  return dwr_sleb (c);
}

/* An extended opcode; true when the run is over.  */
static bool
extended_opcode (struct dwr_cursor *c, const struct line_header *h, struct line_run *run,
                 struct line_state *s)
{
  uint64_t len = uleb (c);
  if (len == 0 || len > c->end - c->pos)
    {
      c->bad = true;
      return true;
    }
  size_t next = c->pos + len;
  bool over = false;
  switch (dwr_u8 (c))
    {
    case DW_LNE_end_sequence:
      over = end_sequence (run, h, s, next);
      break;
    case DW_LNE_set_address:
      if (len - 1 == 1 || len - 1 == 2 || len - 1 == 4 || len - 1 == 8)
        s->addr = dwr_field (c, (unsigned) (len - 1)) & s->mask;
      s->op_index = 0;
      break;
    default: /* define_file (never emitted by GCC), discriminators, vendor */
      break;
    }
  c->pos = next;
  return over;
}

static inline void
standard_opcode (struct dwr_cursor *c, const struct line_header *h, unsigned op,
                 struct line_run *run, struct line_state *s)
{
  switch (op)
    {
    case DW_LNS_copy:
      new_row (run, s);
      break;
    case DW_LNS_advance_pc:
      advance (s, h, uleb (c));
      break;
    case DW_LNS_advance_line:
      s->line += sleb (c);
      break;
    case DW_LNS_set_file:
      s->file = (uint32_t) uleb (c);
      break;
    case DW_LNS_negate_stmt:
      s->is_stmt = !s->is_stmt;
      break;
    case DW_LNS_const_add_pc:
      advance (s, h, h->special_ops[255]);
      break;
    case DW_LNS_fixed_advance_pc:
      s->addr = (s->addr + dwr_u16 (c)) & s->mask;
      s->op_index = 0;
      break;
    default: /* column, is_stmt, basic block, prologue/epilogue, isa, unknown */
      for (unsigned i = 0; i < h->std_lengths[op]; i++)
        uleb (c);
      break;
    }
}

/* Run the state machine from OFFSET to the end of the program, or, when
   decoding one sequence, to its end.  */
static void
run_program (struct line_program *prog, const struct line_header *h, struct line_run *run,
             size_t offset)
{
  struct dwr_cursor c = dwr_cursor (prog->img, prog->line, offset, h->end);
  struct line_state s = { .mask = h->address_size == 4 ? UINT32_MAX : UINT64_MAX };
  state_reset (&s, h);
  run->offset = offset;
  const unsigned char *data = c.sec->data;
  while (!c.bad && c.pos < c.end)
    {
      unsigned op = data[c.pos++];
      if (op >= h->opcode_base)
        {
          /* special opcode: advance address and line, add a row */
          advance (&s, h, h->special_ops[op]);
          s.line += h->special_line[op];
          new_row (run, &s);
        }
      else if (op == 0)
        {
          if (extended_opcode (&c, h, run, &s))
            return;
        }
      else
        standard_opcode (&c, h, op, run, &s);
    }
}

static int
compare_seq (const void *a, const void *b)
{
  const struct line_seq *x = a, *y = b;
  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->offset < y->offset ? -1 : x->offset > y->offset;
}

bool
line_program_decode (const struct image *img, const struct dwr_section *line,
                     const struct dwr_form_env *env, size_t offset, const char *comp_dir,
                     struct line_program *out)
{
  *out = (struct line_program) { .img = img, .line = line, .comp_dir = comp_dir };
  out->header = xcalloc (1, sizeof *out->header);
  struct dwr_cursor c = dwr_cursor (img, line, offset, line->size);
  if (!read_header (&c, img, env, out, out->header))
    return false;
  struct line_run run = { .prog = out };
  run_program (out, out->header, &run, out->header->program);
  if (out->nseqs > 1)
    qsort (out->seqs, out->nseqs, sizeof *out->seqs, compare_seq);
  out->paths = xcalloc (out->nfiles ? out->nfiles : 1, sizeof *out->paths);
  return true;
}

void
line_program_free (struct line_program *prog)
{
  for (size_t i = 0; prog->paths != NULL && i < prog->nfiles; i++)
    free (prog->paths[i]);
  for (size_t i = 0; i < prog->nseqs; i++)
    free (prog->seqs[i].rows);
  free (prog->paths);
  free (prog->dirs);
  free (prog->names);
  free (prog->name_dirs);
  free (prog->seqs);
  free (prog->header);
}

/* The rows of sequence Q, decoded on first use.  */
static const struct line_seq *
sequence_rows (struct line_program *prog, struct line_seq *q)
{
  if (!q->decoded)
    {
      q->decoded = true;
      struct line_run run = { .prog = prog, .seq = q };
      run_program (prog, prog->header, &run, q->offset);
    }
  return q->n > 0 ? q : NULL;
}

/* The index of the last sequence starting at or below ADDR, or
   prog->nseqs if none.  */
static size_t
sequence_at_or_below (const struct line_program *prog, uint64_t addr)
{
  size_t i = first_above (prog->seqs, prog->nseqs, sizeof *prog->seqs, addr);
  return i > 0 ? i - 1 : prog->nseqs;
}

/* The index of the first row of sequence Q above ADDR.  */
static size_t
row_above (const struct line_seq *q, uint64_t addr)
{
  return first_above (q->rows, q->n, sizeof *q->rows, addr);
}

/* Of the (at most two) rows at the address of row I, the one opening
   code there if any, else the one in effect.  */
static const struct line_row *
row_at_start (const struct line_seq *q, size_t i)
{
  const struct line_row *row = &q->rows[i];
  if (i + 1 < q->n && row[1].addr == row->addr && !row->opens)
    row++;
  return row;
}

const struct line_row *
line_program_find (struct line_program *prog, uint64_t addr)
{
  size_t i = sequence_at_or_below (prog, addr);
  if (i == prog->nseqs || addr >= prog->seqs[i].end)
    return NULL;
  const struct line_seq *q = sequence_rows (prog, &prog->seqs[i]);
  size_t r = q ? row_above (q, addr) : 0;
  if (r == 0)
    return NULL;
  r--;
  /* rows starting at ADDR: take the one opening code */
  if (q->rows[r].addr == addr && r > 0 && q->rows[r - 1].addr == addr)
    r--;
  return q->rows[r].addr == addr ? row_at_start (q, r) : &q->rows[r];
}

const struct line_row *
line_program_find_first (struct line_program *prog, uint64_t lo, uint64_t hi)
{
  size_t i = sequence_at_or_below (prog, lo);
  if (i < prog->nseqs && lo < prog->seqs[i].end)
    {
      /* the sequence covering LO: its first row at or above LO */
      const struct line_seq *q = sequence_rows (prog, &prog->seqs[i]);
      size_t r = q == NULL ? 0 : lo > 0 ? row_above (q, lo - 1) : 0;
      if (q != NULL && r < q->n && q->rows[r].addr < hi && q->rows[r].addr < q->end)
        return row_at_start (q, r);
    }
  /* else a sequence starting inside [LO, HI) */
  i = i == prog->nseqs ? 0 : i + 1;
  if (i < prog->nseqs && prog->seqs[i].start < hi)
    {
      const struct line_seq *q = sequence_rows (prog, &prog->seqs[i]);
      return q ? row_at_start (q, 0) : NULL;
    }
  return NULL;
}

/* The directory of file entry I: before DWARF 5 index 0 is the
   compilation directory and the table starts at 1.  */
static const char *
entry_dir (const struct line_program *prog, size_t i)
{
  uint64_t d = prog->name_dirs[i];
  if (prog->version >= 5)
    return d < prog->ndirs ? prog->dirs[d] : NULL;
  if (d == 0)
    return prog->comp_dir;
  return d - 1 < prog->ndirs ? prog->dirs[d - 1] : NULL;
}

const char *
line_program_path (struct line_program *prog, uint32_t file)
{
  /* before DWARF 5, file numbers start at 1 */
  size_t i = file;
  if (prog->version < 5)
    {
      if (file == 0)
        return NULL;
      i = file - 1;
    }
  if (i >= prog->nfiles || prog->names[i] == NULL)
    return NULL;
  if (prog->paths[i] == NULL)
    {
      const char *name = prog->names[i], *dir = entry_dir (prog, i);
      prog->paths[i] = path_normalise (name[0] == '/' || dir == NULL
                                       ? xstrdup (name) : xasprintf ("%s/%s", dir, name));
    }
  return prog->paths[i];
}
