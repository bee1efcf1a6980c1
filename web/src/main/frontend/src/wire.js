/*
 * Tandem wire (visitor side): puts capture.js's messages on its WebSocket, in the order they were
 * built, compressing the large ones (a full snapshot: 0.2 to several MB of JSON) with the
 * browser's CompressionStream when the relay said, in its `ready`, that it takes them
 * (docs/protocol.md, "Compressed messages"). A compressed message is one binary frame holding the
 * zlib stream ("deflate", RFC 1950) of the message's UTF-8 text: zlib rather than raw DEFLATE for
 * its Adler-32 check, which lets the relay tell a cut-short or corrupted stream from a good one
 * for 6 bytes, and for the wider browser support of the format (Chrome 80, Firefox 113, Safari
 * 16.4; "deflate-raw" came to Chrome with 103); not gzip, whose header the relay would have to
 * parse and which adds nothing over zlib here.
 *
 * Only text that has been masked and scrubbed by the tripwire is ever handed here: compression
 * changes how it travels, not what it says. Compressing is asynchronous, so a message built after
 * one being compressed waits behind it: nothing overtakes a snapshot. Without CompressionStream
 * (or when compressing fails, or would not shrink the message, or would shrink it more than the
 * relay's ratio bound allows) the message goes as text, as before.
 * Bundled in front of capture.js inside its wrapper (build.mjs): adds nothing to the page's globals.
 */
var tandemWire = (function () {
  'use strict';

  // Messages this large (UTF-8 bytes) or larger are compressed: snapshots and large mutation
  // batches. Smaller ones gain little and would each cost a round through the compressor.
  var COMPRESS_MIN_BYTES = 8 * 1024;
  var OPEN = 1;

  /** True if this browser can write the zlib format with CompressionStream. */
  function canCompress() {
    try {
      if (typeof CompressionStream !== 'function' || typeof Blob !== 'function' || typeof Response !== 'function'
          || typeof Blob.prototype.stream !== 'function') {
        return false;
      }
      new CompressionStream('deflate'); // eslint-disable-line no-new
      return true;
    } catch (e) {
      return false;
    }
  }

  /** The zlib stream of `text`'s UTF-8 bytes, as an ArrayBuffer (a promise). */
  function deflate(text) {
    return new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer();
  }

  /**
   * A sender for one socket. `ready` is the relay's ready message: compression is used only when it
   * names "deflate" with a positive maxInflateRatio (and this browser can). Returns
   *   send(text, bytes)  puts one message (its UTF-8 length `bytes`) on the socket, in order;
   *   waitingBytes()     the bytes of messages still being compressed or waiting behind one;
   *   compresses         whether this sender compresses large messages.
   */
  function sender(socket, ready) {
    var maxRatio = ready && ready.compression === 'deflate' && typeof ready.maxInflateRatio === 'number'
        && ready.maxInflateRatio > 0 ? ready.maxInflateRatio : 0;
    var compresses = maxRatio > 0 && canCompress();
    var chain = null; // the last message in line, null when nothing waits
    var waiting = 0;

    function write(data) {
      if (socket.readyState === OPEN) {
        socket.send(data);
      }
    }

    /** The compressed form if it is smaller and within the relay's ratio bound, else the text. */
    function choose(text, bytes, buffer) {
      var size = buffer && typeof buffer.byteLength === 'number' ? buffer.byteLength : 0;
      if (size === 0 || size >= bytes || bytes > maxRatio * size) {
        return text;
      }
      return buffer;
    }

    function send(text, bytes) {
      var compress = compresses && bytes >= COMPRESS_MIN_BYTES;
      if (!compress && chain === null) {
        write(text);
        return;
      }
      var data;
      if (compress) {
        try {
          data = deflate(text).then(function (buffer) {
            return choose(text, bytes, buffer);
          }, function () {
            return text;
          });
        } catch (e) {
          data = Promise.resolve(text);
        }
      } else {
        data = Promise.resolve(text);
      }
      waiting += bytes;
      var before = chain || Promise.resolve();
      var mine = before.then(function () {
        return data;
      }).then(function (ready) {
        waiting -= bytes;
        try {
          write(ready);
        } catch (e) {
          // the socket went away meanwhile: nothing more to send on it
        }
      }).then(function () {
        if (chain === mine) {
          chain = null;
        }
      });
      chain = mine;
    }

    return {
      send: send,
      waitingBytes: function () {
        return waiting;
      },
      compresses: compresses
    };
  }

  return { sender: sender, canCompress: canCompress, COMPRESS_MIN_BYTES: COMPRESS_MIN_BYTES };
}());
