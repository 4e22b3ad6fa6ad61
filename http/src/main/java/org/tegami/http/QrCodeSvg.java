package org.tegami.http;

import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.google.zxing.qrcode.encoder.ByteMatrix;
import com.google.zxing.qrcode.encoder.Encoder;
import com.google.zxing.qrcode.encoder.QRCode;
import java.util.Map;

/** A QR code (ISO/IEC 18004, encoded by ZXing) drawn as inline SVG: one path of dark modules, no images. */
final class QrCodeSvg {
    /** ISO/IEC 18004 §7.3.8: four modules of light margin on every side. */
    private static final int QUIET_ZONE_MODULES = 4;

    private QrCodeSvg() {
    }

    /** The SVG element for {@code text}; {@code label} is its accessible name. */
    static String of(String text, String label) {
        QRCode code;
        try {
            code = Encoder.encode(text, ErrorCorrectionLevel.M, Map.of(EncodeHintType.CHARACTER_SET, "UTF-8"));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
        ByteMatrix matrix = code.getMatrix();
        int size = matrix.getWidth() + 2 * QUIET_ZONE_MODULES;
        StringBuilder path = new StringBuilder();
        for (int y = 0; y < matrix.getHeight(); y++) {
            int x = 0;
            while (x < matrix.getWidth()) {
                if (matrix.get(x, y) != 1) {
                    x++;
                    continue;
                }
                int start = x;
                while (x < matrix.getWidth() && matrix.get(x, y) == 1) {
                    x++;
                }
                // One rectangle per horizontal run of dark modules.
                path.append('M').append(start + QUIET_ZONE_MODULES).append(' ').append(y + QUIET_ZONE_MODULES)
                        .append('h').append(x - start).append("v1h-").append(x - start).append('z');
            }
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" viewBox=\"0 0 " + size + " " + size
                + "\" role=\"img\" aria-label=\"" + Markup.escape(label) + "\" shape-rendering=\"crispEdges\">"
                + "<rect width=\"" + size + "\" height=\"" + size + "\" fill=\"#fff\"/>"
                + "<path fill=\"#000\" d=\"" + path + "\"/></svg>";
    }
}
