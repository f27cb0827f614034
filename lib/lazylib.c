/* lazylib.c: libzip and libxlsxwriter loaded when a workbook is first read or written. */
#include <dlfcn.h>
#include <pthread.h>

#include <xlsxwriter.h>
#include <zip.h>

#include "diag.h"
#include "i18n.h"

/*
 * Both libraries need OpenSSL's libcrypto (for zip encryption, which lb
 * never uses), and loading it at every start cost each command 2 ms
 * (lb-due on a school's files: 3.4 -> 5.6 ms), though most runs never
 * see a workbook.  So lb is not linked with them.  The functions below
 * bear the libraries' own names and prototypes (the compiler checks them
 * against zip.h and xlsxwriter.h) and call through pointers that the
 * first call of either library fills with dlopen() and dlsym(), once
 * (pthread_once: a workbook is read by three threads).  A library that
 * cannot be loaded ends the run with exit 69, naming the package.
 */

/* X(return type, name, parameters, arguments) of each function used. */
#define ZIP_FUNCS(X, V) \
	V(zip_discard, (zip_t *za), (za)) \
	V(zip_error_fini, (zip_error_t *e), (e)) \
	V(zip_error_init_with_code, (zip_error_t *e, int code), (e, code)) \
	X(const char *, zip_error_strerror, (zip_error_t *e), (e)) \
	X(int, zip_fclose, (zip_file_t *f), (f)) \
	X(zip_t *, zip_fdopen, (int fd, int flags, int *err), (fd, flags, err)) \
	X(const char *, zip_file_strerror, (zip_file_t *f), (f)) \
	X(zip_file_t *, zip_fopen_index, (zip_t *za, zip_uint64_t i, \
	    zip_flags_t fl), (za, i, fl)) \
	X(zip_int64_t, zip_fread, (zip_file_t *f, void *buf, zip_uint64_t n), \
	    (f, buf, n)) \
	X(const char *, zip_get_name, (zip_t *za, zip_uint64_t i, \
	    zip_flags_t fl), (za, i, fl)) \
	X(zip_int64_t, zip_get_num_entries, (zip_t *za, zip_flags_t fl), \
	    (za, fl)) \
	X(zip_int64_t, zip_name_locate, (zip_t *za, const char *name, \
	    zip_flags_t fl), (za, name, fl)) \
	X(zip_t *, zip_open, (const char *path, int flags, int *err), \
	    (path, flags, err)) \
	X(int, zip_stat_index, (zip_t *za, zip_uint64_t i, zip_flags_t fl, \
	    zip_stat_t *st), (za, i, fl, st)) \
	V(zip_stat_init, (zip_stat_t *st), (st)) \
	X(const char *, zip_strerror, (zip_t *za), (za))

#define LXW_FUNCS(X, V) \
	V(format_set_bold, (lxw_format *f), (f)) \
	V(format_set_num_format, (lxw_format *f, const char *nf), (f, nf)) \
	V(lxw_rowcol_to_cell, (char *cell, lxw_row_t r, lxw_col_t c), \
	    (cell, r, c)) \
	V(lxw_rowcol_to_range, (char *range, lxw_row_t r0, lxw_col_t c0, \
	    lxw_row_t r1, lxw_col_t c1), (range, r0, c0, r1, c1)) \
	X(char *, lxw_strerror, (lxw_error e), (e)) \
	V(lxw_workbook_free, (lxw_workbook *wb), (wb)) \
	X(lxw_format *, workbook_add_format, (lxw_workbook *wb), (wb)) \
	X(lxw_worksheet *, workbook_add_worksheet, (lxw_workbook *wb, \
	    const char *name), (wb, name)) \
	X(lxw_error, workbook_close, (lxw_workbook *wb), (wb)) \
	X(lxw_workbook *, workbook_new_opt, (const char *path, \
	    lxw_workbook_options *o), (path, o)) \
	X(lxw_error, worksheet_autofilter, (lxw_worksheet *ws, lxw_row_t r0, \
	    lxw_col_t c0, lxw_row_t r1, lxw_col_t c1), (ws, r0, c0, r1, c1)) \
	V(worksheet_freeze_panes, (lxw_worksheet *ws, lxw_row_t r, \
	    lxw_col_t c), (ws, r, c)) \
	X(lxw_error, worksheet_ignore_errors, (lxw_worksheet *ws, uint8_t t, \
	    const char *range), (ws, t, range)) \
	X(lxw_error, worksheet_set_column, (lxw_worksheet *ws, lxw_col_t c0, \
	    lxw_col_t c1, double width, lxw_format *f), (ws, c0, c1, width, f)) \
	X(lxw_error, worksheet_write_datetime, (lxw_worksheet *ws, lxw_row_t r, \
	    lxw_col_t c, lxw_datetime *dt, lxw_format *f), (ws, r, c, dt, f)) \
	X(lxw_error, worksheet_write_number, (lxw_worksheet *ws, lxw_row_t r, \
	    lxw_col_t c, double n, lxw_format *f), (ws, r, c, n, f)) \
	X(lxw_error, worksheet_write_string, (lxw_worksheet *ws, lxw_row_t r, \
	    lxw_col_t c, const char *s, lxw_format *f), (ws, r, c, s, f))

#define INDEX(ret, name, params, args)	I_##name,
#define VINDEX(name, params, args)		I_##name,
enum { ZIP_FUNCS(INDEX, VINDEX) N_ZIP };
enum { LXW_FUNCS(INDEX, VINDEX) N_LXW };

static void *zip_sym[N_ZIP], *lxw_sym[N_LXW];

/* Fill sym[] from the library soname (in the package named). */
static void
load(const char *soname, const char *package, const char *const *names,
    void **sym, size_t n)
{
	void *h = dlopen(soname, RTLD_NOW | RTLD_LOCAL);
	size_t i;

	for (i = 0; h != NULL && i < n; i++)
		if ((sym[i] = dlsym(h, names[i])) == NULL)
			break;
	if (h == NULL || i < n)
		diag_die(LB_UNAVAILABLE, _("cannot load %s (%s): spreadsheets "
		    "need the package %s"), soname, dlerror(), package);
}

#define NAME(ret, name, params, args)	#name,
#define VNAME(name, params, args)	#name,

static void
load_zip(void)
{
	static const char *const names[] = { ZIP_FUNCS(NAME, VNAME) };

	load("libzip.so.4", "libzip4", names, zip_sym, N_ZIP);
}

static void
load_lxw(void)
{
	static const char *const names[] = { LXW_FUNCS(NAME, VNAME) };

	load("libxlsxwriter.so.4", "libxlsxwriter4", names, lxw_sym, N_LXW);
}

static pthread_once_t zip_once = PTHREAD_ONCE_INIT;
static pthread_once_t lxw_once = PTHREAD_ONCE_INIT;

/* dlsym()'s object pointer as the function it is (POSIX allows it). */
#define ZIP_WRAP(ret, name, params, args) \
	ret name params { pthread_once(&zip_once, load_zip); \
	    return ((ret (*) params)zip_sym[I_##name]) args; }
#define ZIP_VWRAP(name, params, args) \
	void name params { pthread_once(&zip_once, load_zip); \
	    ((void (*) params)zip_sym[I_##name]) args; }
#define LXW_WRAP(ret, name, params, args) \
	ret name params { pthread_once(&lxw_once, load_lxw); \
	    return ((ret (*) params)lxw_sym[I_##name]) args; }
#define LXW_VWRAP(name, params, args) \
	void name params { pthread_once(&lxw_once, load_lxw); \
	    ((void (*) params)lxw_sym[I_##name]) args; }

ZIP_FUNCS(ZIP_WRAP, ZIP_VWRAP)
LXW_FUNCS(LXW_WRAP, LXW_VWRAP)
