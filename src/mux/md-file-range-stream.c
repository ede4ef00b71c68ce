/* md-file-range-stream.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A length-limited view of a file, read with pread(): one upload chunk is
 * streamed from disk as libsoup asks for it, never held in memory. GIO has
 * no public limited stream, and a seek shared with other readers would race.
 * Guarded, it checks the file's size and modification time after each read,
 * so bytes of a file edited mid-chunk are never handed on.
 */

#define G_LOG_DOMAIN "md-file-range-stream"

#include "config.h"

#include "md-file-range-stream.h"
#include "md-upload-fingerprint.h"
#include "md-upload-transfer.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <unistd.h>

struct _MdFileRangeStream
{
  GInputStream  parent_instance;

  int           fd;        /* borrowed: the owner keeps it open */
  guint64       start;
  guint64       length;
  guint64       offset;
  guint64       remaining;
  gint64       *counter;   /* bytes read, added atomically; may be NULL */
  gboolean      guarded;
  guint64       file_size; /* what the file must still look like */
  gint64        mtime_usec;
};

static void md_file_range_stream_seekable_init (GSeekableIface *iface);

/* Seekable, so libsoup can rewind the body when it re-sends a request on a
 * fresh connection. */
G_DEFINE_FINAL_TYPE_WITH_CODE (MdFileRangeStream, md_file_range_stream, G_TYPE_INPUT_STREAM,
                               G_IMPLEMENT_INTERFACE (G_TYPE_SEEKABLE, md_file_range_stream_seekable_init))

static goffset
md_file_range_stream_tell (GSeekable *seekable)
{
  MdFileRangeStream *self = MD_FILE_RANGE_STREAM (seekable);

  return self->offset - self->start;
}

static gboolean
md_file_range_stream_can_seek (GSeekable *seekable)
{
  return TRUE;
}

static gboolean
md_file_range_stream_seek (GSeekable     *seekable,
                           goffset        offset,
                           GSeekType      type,
                           GCancellable  *cancellable,
                           GError       **error)
{
  MdFileRangeStream *self = MD_FILE_RANGE_STREAM (seekable);
  gint64 position;

  switch (type)
    {
    case G_SEEK_CUR: position = (gint64) (self->offset - self->start) + offset; break;
    case G_SEEK_END: position = (gint64) self->length + offset; break;
    case G_SEEK_SET:
    default: position = offset; break;
    }

  if (position < 0 || (guint64) position > self->length)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Seek outside the chunk"));
      return FALSE;
    }

  self->offset = self->start + position;
  self->remaining = self->length - position;
  return TRUE;
}

static gboolean
md_file_range_stream_can_truncate (GSeekable *seekable)
{
  return FALSE;
}

static gboolean
md_file_range_stream_truncate (GSeekable     *seekable,
                               goffset        offset,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, _("Cannot truncate a read-only stream"));
  return FALSE;
}

static void
md_file_range_stream_seekable_init (GSeekableIface *iface)
{
  iface->tell = md_file_range_stream_tell;
  iface->can_seek = md_file_range_stream_can_seek;
  iface->seek = md_file_range_stream_seek;
  iface->can_truncate = md_file_range_stream_can_truncate;
  iface->truncate_fn = md_file_range_stream_truncate;
}

static gssize
md_file_range_stream_read (GInputStream  *stream,
                           void          *buffer,
                           gsize          count,
                           GCancellable  *cancellable,
                           GError       **error)
{
  MdFileRangeStream *self = MD_FILE_RANGE_STREAM (stream);
  gssize n;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return -1;

  count = MIN (count, self->remaining);
  if (count == 0)
    return 0;

  do
    n = pread (self->fd, buffer, count, (off_t) self->offset);
  while (n < 0 && errno == EINTR);

  if (n < 0)
    {
      int saved_errno = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved_errno),
                   _("Could not read the file: %s"), g_strerror (saved_errno));
      return -1;
    }

  if (n == 0)
    {
      /* The file shrank under us: never pad a chunk with other data. */
      g_set_error_literal (error, MD_UPLOAD_ERROR, MD_UPLOAD_ERROR_FILE_CHANGED,
                           _("The file became shorter while it was uploaded."));
      return -1;
    }

  /* Written to since the upload began: these bytes may be of the new version. */
  if (self->guarded && !md_upload_file_is_unchanged (self->fd, self->file_size, self->mtime_usec, error))
    return -1;

  self->offset += n;
  self->remaining -= n;
  if (self->counter != NULL)
    __atomic_add_fetch (self->counter, n, __ATOMIC_RELAXED);

  return n;
}

static gboolean
md_file_range_stream_close (GInputStream  *stream,
                            GCancellable  *cancellable,
                            GError       **error)
{
  return TRUE;
}

static void
md_file_range_stream_class_init (MdFileRangeStreamClass *klass)
{
  GInputStreamClass *stream_class = G_INPUT_STREAM_CLASS (klass);

  stream_class->read_fn = md_file_range_stream_read;
  stream_class->close_fn = md_file_range_stream_close;
}

static void
md_file_range_stream_init (MdFileRangeStream *self)
{
  self->fd = -1;
}

/**
 * md_file_range_stream_new:
 * @fd: an open file; it must stay open while the stream is read
 * @offset: the first byte
 * @length: how many bytes the stream gives
 * @counter: (nullable): incremented atomically by each byte read, so
 *   another thread can follow the progress
 *
 * Returns: (transfer full): the stream
 */
GInputStream *
md_file_range_stream_new (int      fd,
                          guint64  offset,
                          guint64  length,
                          gint64  *counter)
{
  MdFileRangeStream *self;

  g_return_val_if_fail (fd >= 0, NULL);

  self = g_object_new (MD_TYPE_FILE_RANGE_STREAM, NULL);
  self->fd = fd;
  self->start = offset;
  self->length = length;
  self->offset = offset;
  self->remaining = length;
  self->counter = counter;

  return G_INPUT_STREAM (self);
}

/**
 * md_file_range_stream_set_guard:
 * @file_size: the size the file must keep
 * @mtime_usec: the modification time it must keep (see md_upload_file_stat())
 *
 * From now on a read fails with %MD_UPLOAD_ERROR_FILE_CHANGED when the file
 * no longer has this size and time.
 */
void
md_file_range_stream_set_guard (MdFileRangeStream *self,
                                guint64            file_size,
                                gint64             mtime_usec)
{
  g_return_if_fail (MD_IS_FILE_RANGE_STREAM (self));

  self->guarded = TRUE;
  self->file_size = file_size;
  self->mtime_usec = mtime_usec;
}
