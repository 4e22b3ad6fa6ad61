package org.tegami.http;

/** The words of the setup page in one language. Values are plain text; the page escapes them. */
record SetupPageText(
        String title,
        String intro,
        String addressLabel,
        String show,
        String invalidAddress,
        String settingsFor,
        String incoming,
        String outgoing,
        String alternative,
        String server,
        String port,
        String security,
        String userName,
        String userNameNote,
        String password,
        String passwordNote,
        String certificateTitle,
        String certificateNote,
        String automaticTitle,
        String automaticNote,
        String appleLink,
        String appleNote,
        String qrNote,
        String qrLabel) {

    static SetupPageText in(PageLanguage language) {
        return switch (language) {
            case ENGLISH -> ENGLISH;
            case JAPANESE -> JAPANESE;
        };
    }

    private static final SetupPageText ENGLISH = new SetupPageText(
            "Mail setup",
            "Enter your mail address to see the settings for your mail app.",
            "Mail address",
            "Show settings",
            "This is not a mail address:",
            "Settings for %s",
            "Incoming mail (IMAP)",
            "Outgoing mail (SMTP)",
            "alternative",
            "Server",
            "Port",
            "Security",
            "User name",
            "the whole mail address",
            "Password",
            "your account's password (normal password; the connection is encrypted)",
            "Certificate",
            "This server uses a self-signed certificate, so your mail app warns on the first connection. "
                    + "Accept it only if the SHA-256 fingerprint it shows is this one:",
            "Automatic setup",
            "Thunderbird and Outlook set themselves up from the mail address and password alone.",
            "Configuration profile for iPhone, iPad and Mac",
            "The profile is not signed, so the device shows it as unverified; that is expected. It holds no "
                    + "password: the device asks for it when you install the profile.",
            "Or scan this code with the camera of an iPhone or iPad to download the profile.",
            "QR code of the configuration profile link");

    private static final SetupPageText JAPANESE = new SetupPageText(
            "メールの設定",
            "メールアドレスを入力すると、メールアプリに設定する内容が表示されます。",
            "メールアドレス",
            "設定を表示",
            "メールアドレスの形式ではありません:",
            "%s の設定",
            "受信メール (IMAP)",
            "送信メール (SMTP)",
            "代替",
            "サーバー",
            "ポート",
            "暗号化",
            "ユーザー名",
            "メールアドレス全体",
            "パスワード",
            "アカウントのパスワード(通常のパスワード認証。接続は暗号化されています)",
            "証明書",
            "このサーバーは自己署名証明書を使っているため、最初の接続時にメールアプリが警告を表示します。"
                    + "表示される SHA-256 フィンガープリントが次の値と一致する場合にのみ受け入れてください:",
            "自動設定",
            "Thunderbird と Outlook は、メールアドレスとパスワードを入力するだけで自動的に設定されます。",
            "iPhone・iPad・Mac 用の構成プロファイル",
            "このプロファイルは署名されていないため、デバイスには「未検証」と表示されますが、問題ありません。"
                    + "パスワードは含まれていません。インストール時にデバイスが入力を求めます。",
            "または、iPhone や iPad のカメラでこのコードを読み取ってプロファイルをダウンロードしてください。",
            "構成プロファイルのリンクの QR コード");
}
