/// Text that comes from input files, made safe inside XML and HTML alike.
public enum MarkupText {
  /// Escapes `& < > " '` and drops the characters XML 1.0 does not allow (control characters),
  /// so the same text is valid in the dossier XML and harmless in the HTML report.
  public static func escape(_ s: String) -> String {
    var out = ""
    for scalar in s.unicodeScalars {
      switch scalar {
      case "&": out += "&amp;"
      case "<": out += "&lt;"
      case ">": out += "&gt;"
      case "\"": out += "&quot;"
      case "'": out += "&#39;"
      default:
        let v = scalar.value
        if v == 0x9 || v == 0xA || v == 0xD || (v >= 0x20 && v <= 0xD7FF) || (v >= 0xE000 && v <= 0xFFFD) || v >= 0x10000 {
          out.unicodeScalars.append(scalar)
        }
      }
    }
    return out
  }
}
