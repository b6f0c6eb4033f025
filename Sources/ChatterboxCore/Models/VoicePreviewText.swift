/// What a voice's preview says: a short sentence in its language (English for languages without one).
public enum VoicePreviewText {
    public static let sentences: [String: String] = [
        "en": "Hello! This is how I sound. I can read your texts aloud.",
        "de": "Hallo! So klinge ich. Ich kann deine Texte vorlesen.",
        "fr": "Bonjour ! Voici ma voix. Je peux lire vos textes à voix haute.",
        "es": "¡Hola! Así suena mi voz. Puedo leer tus textos en voz alta.",
        "it": "Ciao! Questa è la mia voce. Posso leggere ad alta voce i tuoi testi.",
        "nl": "Hallo! Zo klink ik. Ik kan je teksten voorlezen.",
        "pt": "Olá! Esta é a minha voz. Posso ler os seus textos em voz alta.",
        "pl": "Cześć! Tak brzmi mój głos. Mogę czytać twoje teksty na głos.",
        "ru": "Здравствуйте! Так звучит мой голос. Я могу читать ваши тексты вслух.",
        "sv": "Hej! Så här låter jag. Jag kan läsa upp dina texter.",
    ]

    /// The preview sentence for a language tag (`en_US`, `de-de`, `fr`): its language's, else English.
    public static func sentence(for language: String) -> String {
        let primary = String(language.lowercased().prefix { $0.isLetter })
        return sentences[primary] ?? sentences["en"]!
    }
}
