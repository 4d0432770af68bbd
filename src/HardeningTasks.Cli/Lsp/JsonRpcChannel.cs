using System;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HardeningTasks.Cli.Lsp;

/// <summary>
/// JSON-RPC 2.0 as the Language Server Protocol frames it on a stream: <c>Content-Length</c> headers, then a UTF-8 JSON
/// body. Messages are read into <see cref="JsonDocument"/>s and written from <see cref="JsonNode"/>s: no reflection-based
/// serialization, so the tool can still be published with Native AOT. Writing is thread-safe (diagnostics are published
/// from the analysis thread while requests are answered on the reading one).
/// </summary>
internal sealed class JsonRpcChannel
{
    private readonly Stream input;
    private readonly Stream output;
    private readonly object writeGate = new();

    public JsonRpcChannel(Stream input, Stream output)
    {
        this.input = input;
        this.output = output;
    }

    /// <summary>The next message, or null at the end of the input.</summary>
    /// <exception cref="InvalidDataException">The framing is broken (no Content-Length, a body that is not JSON).</exception>
    public JsonDocument? Read()
    {
        int? length = null;
        while (true)
        {
            var header = ReadHeaderLine();
            if (header == null) return null;
            if (header.Length == 0)
            {
                if (length == null) continue; // stray blank line between messages
                break;
            }
            var colon = header.IndexOf(':');
            if (colon > 0 && header.Substring(0, colon).Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                if (!int.TryParse(header.Substring(colon + 1).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 0)
                    throw new InvalidDataException("bad Content-Length header: " + header);
                length = n;
            }
        }
        var body = new byte[length.Value];
        var read = 0;
        while (read < body.Length)
        {
            var n = input.Read(body, read, body.Length - read);
            if (n == 0) return null;
            read += n;
        }
        try
        {
            return JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException("a message body is not JSON: " + ex.Message, ex);
        }
    }

    /// <summary>A header line without its CRLF; null at the end of the input.</summary>
    private string? ReadHeaderLine()
    {
        var line = new StringBuilder();
        while (true)
        {
            var b = input.ReadByte();
            if (b < 0) return line.Length == 0 ? null : line.ToString();
            if (b == '\n') return line.ToString().TrimEnd('\r');
            line.Append((char)b);
        }
    }

    public void Write(JsonObject message)
    {
        message["jsonrpc"] = "2.0";
        var body = Encoding.UTF8.GetBytes(message.ToJsonString());
        var header = Encoding.ASCII.GetBytes("Content-Length: " + body.Length.ToString(CultureInfo.InvariantCulture) + "\r\n\r\n");
        lock (writeGate)
        {
            output.Write(header, 0, header.Length);
            output.Write(body, 0, body.Length);
            output.Flush();
        }
    }

    public void Notify(string method, JsonNode? parameters) =>
        Write(new JsonObject { ["method"] = method, ["params"] = parameters });

    public void Respond(JsonElement id, JsonNode? result) =>
        Write(new JsonObject { ["id"] = JsonNode.Parse(id.GetRawText()), ["result"] = result });

    public void RespondError(JsonElement id, int code, string message) =>
        Write(new JsonObject { ["id"] = JsonNode.Parse(id.GetRawText()), ["error"] = new JsonObject { ["code"] = code, ["message"] = message } });

    public void Request(int id, string method, JsonNode? parameters) =>
        Write(new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters });
}
