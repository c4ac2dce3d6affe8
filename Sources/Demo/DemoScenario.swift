// The demo's fictional world, modelled on the 2020 reporting on diplomatic accounts: missions of
// about 15 sending countries, real state-outlet domains, and monthly output rising from about
// 4,000 posts (December 2019) to about 17,000 (April 2020). Every handle is fictional.

/// The fixed facts the demo is built from.
enum DemoScenario {
    /// Sending countries and the missions each runs.
    static let countries: [(code: String, name: String)] = [
        ("CN", "China"), ("RU", "Russia"), ("IR", "Iran"), ("VE", "Venezuela"), ("CU", "Cuba"),
        ("BY", "Belarus"), ("SY", "Syria"), ("NI", "Nicaragua"), ("KP", "North Korea"), ("LA", "Laos"),
        ("KH", "Cambodia"), ("MM", "Myanmar"), ("ER", "Eritrea"), ("ZW", "Zimbabwe"), ("BO", "Bolivia"),
    ]

    /// Registered outlets: real domains with their affiliation.
    static let outlets: [(domain: String, name: String, country: String, affiliation: String, basis: String)] = [
        ("rt.com", "RT", "RU", "state_controlled", "Funded from the Russian federal budget; editorial line set by the state"),
        ("sputniknews.com", "Sputnik", "RU", "state_controlled", "Operated by Rossiya Segodnya, a state agency"),
        ("cgtn.com", "CGTN", "CN", "state_controlled", "Part of China Media Group under the Central Propaganda Department"),
        ("globaltimes.cn", "Global Times", "CN", "state_controlled", "Published by the People's Daily group"),
        ("xinhuanet.com", "Xinhua", "CN", "state_controlled", "The official state news agency"),
        ("chinadaily.com.cn", "China Daily", "CN", "state_controlled", "Owned by the Central Propaganda Department"),
        ("presstv.ir", "Press TV", "IR", "state_controlled", "A branch of IRIB, the state broadcaster"),
        ("telesurtv.net", "teleSUR", "VE", "state_funded", "Majority-funded by the Venezuelan state"),
        ("reuters.com", "Reuters", "GB", "independent", "Independent news agency"),
        ("apnews.com", "AP News", "US", "independent", "Independent news cooperative"),
    ]

    /// Posts observed each month (full size): December 2019 to April 2020.
    static let monthlyPosts: [(month: String, posts: Int)] = [
        ("2019-12", 4000), ("2020-01", 5200), ("2020-02", 7800), ("2020-03", 12500), ("2020-04", 17000),
    ]

    /// The claims the desk works on, with the verdict each one gets.
    static let claims: [(summary: String, label: String, outlet: String)] = [
        ("The US army brought the coronavirus to Wuhan", "false", "globaltimes.cn"),
        ("The virus was made in a US military lab at Fort Detrick", "false", "rt.com"),
        ("The outbreak began in Italy in autumn 2019", "misleading", "cgtn.com"),
        ("Western vaccines are more dangerous than the disease", "false", "sputniknews.com"),
        ("Sanctions stop medicine reaching hospitals", "mixture", "presstv.ir"),
        ("Hydroxychloroquine cures the disease within days", "mostly-false", "telesurtv.net"),
        ("The epidemic in Wuhan was contained by early March", "mostly-true", "xinhuanet.com"),
        ("Face masks donated abroad were defective on purpose", "unproven", "chinadaily.com.cn"),
        ("5G networks spread the virus", "false", "rt.com"),
        ("The WHO praised the response as a model for the world", "mixture", "cgtn.com"),
        ("Vitamin C megadoses prevent infection", "mostly-false", "sputniknews.com"),
        ("Foreign athletes at the Military World Games were patient zero", "false", "globaltimes.cn"),
    ]

    /// Phrases posts are made of, in several languages.
    static let phrases = [
        "Spokesperson's remarks at today's press conference", "外交部发言人答记者问", "Solidarity is the strongest weapon",
        "Medical supplies arrived today 🇨🇳🤝", "Please read this report carefully", "病毒溯源是科学问题",
        "Some politicians keep spreading lies", "Thank you for the support! 🙏", "Весь мир видит правду",
        "La verdad sobre la pandemia", "حقائق عن الوباء", "We will win this battle together 💪", "Transparency and openness",
    ]

    static let hashtags = ["COVID19", "coronavirus", "StopTheSpread", "Solidarity", "疫情", "Truth", "StayHome"]

    static let reviewers: [(handle: String, name: String, role: String)] = [
        ("demo.ana", "Ana Lima (demo editor)", "admin"),
        ("demo.ben", "Ben Okafor (demo checker)", "checker"),
        ("demo.chen", "Chen Wei (demo checker)", "checker"),
        ("demo.dana", "Dana Novak (demo checker)", "checker"),
        ("demo.eli", "Eli Haddad (demo editor)", "editor"),
    ]
}
